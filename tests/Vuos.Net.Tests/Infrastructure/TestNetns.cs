using System.Runtime.ExceptionServices;
using System.Text.Json;
using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>A throwaway named network namespace (`ip netns add`), deleted on Dispose. Needs root.</summary>
sealed class TestNetns : IDisposable
{
    public TestNetns(string prefix = "vuos-test")
    {
        Name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        Check(Run.Native(["ip", "netns", "add", Name]), $"ip netns add {Name}");
    }

    public string Name { get; }

    /// <summary>`ip -n NAME ARGS`; its stdout, failing the test when ip fails.</summary>
    public string Ip(params string[] args) => Check(Run.Native(["ip", "-n", Name, .. args]), $"ip -n {Name} {string.Join(' ', args)}").Stdout;

    /// <summary>`ip -n NAME -j ARGS`, parsed.</summary>
    public JsonElement IpJson(params string[] args) => JsonDocument.Parse(Ip(["-j", .. args])).RootElement.Clone();

    /// <summary>`ip netns exec NAME COMMAND`.</summary>
    public RunResult Exec(params string[] command) => Run.Native(["ip", "netns", "exec", Name, .. command]);

    /// <summary>
    /// A socket created inside the namespace. setns moves only the calling thread, so it runs on a thread of its
    /// own that ends with the call: no pooled thread is left in the wrong namespace even if moving back fails.
    /// </summary>
    public SafeFd Socket(int domain, int type, int protocol)
    {
        SafeFd? socket = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateInside(domain, type, protocol);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return socket!;
    }

    public void Dispose() => Run.Native(["ip", "netns", "del", Name]);

    SafeFd CreateInside(int domain, int type, int protocol)
    {
        using var home = Open("/proc/thread-self/ns/net");
        using var target = Open($"/run/netns/{Name}");
        ErrnoException.Check(Libc.setns(target.Fd, NamespaceFlags.CloneNewNet), $"setns {Name}");
        try
        {
            return new SafeFd(ErrnoException.Check(Libc.socket(domain, type, protocol), "socket"));
        }
        finally
        {
            ErrnoException.Check(Libc.setns(home.Fd, NamespaceFlags.CloneNewNet), "setns back");
        }
    }

    static SafeFd Open(string path) =>
        new(ErrnoException.Check(Libc.open(path, OpenFlags.ReadOnly | OpenFlags.CloExec, 0), $"open {path}"));

    static RunResult Check(RunResult result, string what) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException($"{what} failed: {result}");
}
