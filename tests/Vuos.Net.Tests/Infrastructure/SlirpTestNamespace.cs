using System.Diagnostics;
using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>
/// A throwaway named network namespace (`ip netns add`) holding a tap "eth0" configured the way a `slirp`
/// stack is: 10.0.2.15/24, default route via 10.0.2.2. The tap's descriptor is handed to the test, which
/// relays it; the namespace is deleted on Dispose. Needs root.
/// </summary>
sealed class SlirpTestNamespace : IDisposable
{
    const int CLONE_NEWNET = 0x40000000;

    SlirpTestNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Creates the namespace and its tap; returns the namespace and the tap's descriptor, which the caller owns.</summary>
    public static (SlirpTestNamespace Namespace, SafeFd Tap) Create(int mtu = 65520)
    {
        var ns = new SlirpTestNamespace($"vuos-slirp-{Guid.NewGuid().ToString("N")[..12]}");
        Check(Run.Native(["ip", "netns", "add", ns.Name]));
        try
        {
            var tap = OpenTapInside(ns.Name, "eth0");
            try
            {
                Check(Run.Native(["ip", "-n", ns.Name, "link", "set", "lo", "up"]));
                Check(Run.Native(["ip", "-n", ns.Name, "link", "set", "eth0", "mtu", mtu.ToString(), "up"]));
                Check(Run.Native(["ip", "-n", ns.Name, "addr", "add", "10.0.2.15/24", "dev", "eth0"]));
                Check(Run.Native(["ip", "-n", ns.Name, "route", "add", "default", "via", "10.0.2.2"]));
                return (ns, tap);
            }
            catch
            {
                tap.Dispose();
                throw;
            }
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>`ip netns exec NAME command...`</summary>
    public RunResult Exec(IReadOnlyList<string> command, TimeSpan? timeout = null) =>
        Run.Native(["ip", "netns", "exec", Name, .. command], timeout: timeout);

    public Process StartBackground(IReadOnlyList<string> command) =>
        Run.StartBackground(["ip", "netns", "exec", Name, .. command]);

    public void Dispose() => Run.Native(["ip", "netns", "del", Name]);

    /// <summary>
    /// A tap is created in the namespace of the thread that calls TUNSETIFF, so a dedicated thread enters the
    /// namespace, creates it and returns: no pool thread of the test process is ever left in the namespace.
    /// </summary>
    static SafeFd OpenTapInside(string nsName, string tapName)
    {
        SafeFd? tap = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = OpenRead("/proc/thread-self/ns/net");
                using (var target = OpenRead($"/run/netns/{nsName}"))
                {
                    ErrnoException.Check(Libc.setns(target.Fd, CLONE_NEWNET), $"setns {nsName}");
                }
                try
                {
                    tap = Tun.OpenTap(tapName);
                }
                finally
                {
                    if (Libc.setns(home.Fd, CLONE_NEWNET) < 0)
                    {
                        // A thread stuck in the test namespace must not live on.
                        Environment.FailFast($"setns back home: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return tap ?? throw new InvalidOperationException($"cannot create tap {tapName} in {nsName}", failure);
    }

    static SafeFd OpenRead(string path) =>
        new(ErrnoException.Check(Libc.open(path, OpenFlags.ReadOnly | OpenFlags.CloExec, 0), $"open {path}"));

    static void Check(RunResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"namespace setup failed: {result}");
        }
    }
}
