using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>
/// Runs one call inside a stack's network namespace on the calling thread, for a supervisor privileged over
/// the namespace (root): network namespaces are per thread, so the thread enters with setns for that one
/// call and returns at once (about 2.5 µs for the pair): no thread ever stays in a stack's namespace.
/// </summary>
public sealed class NamespaceSwitch : IDisposable
{
    // The namespace the supervisor started in; opened before any thread moves, so it is the host's.
    readonly SafeFd host = new(ErrnoException.Check(Libc.open("/proc/thread-self/ns/net", OpenFlags.CloExec, 0), "open /proc/thread-self/ns/net"));

    public T In<T>(SafeFd ns, Func<T> action)
    {
        ErrnoException.Check(Libc.setns(ns, NamespaceFlags.CloneNewNet), "setns");
        try
        {
            return action();
        }
        finally
        {
            if (Libc.setns(host, NamespaceFlags.CloneNewNet) != 0)
            {
                // A thread stuck in a stack's namespace would create host sockets there: stop rather than go on.
                Environment.FailFast("vuos: cannot return a thread to the host network namespace");
            }
        }
    }

    public void Dispose() => host.Dispose();
}
