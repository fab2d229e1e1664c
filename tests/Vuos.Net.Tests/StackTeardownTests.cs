using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>When a session ends its stacks vanish: no namespace, tap, interface or helper process is left.</summary>
public class StackTeardownTests
{
    // SIOCGSKNS gives a descriptor of a socket's network namespace; its link names the namespace's inode.
    const string PrintStackNamespace = "import socket, fcntl, os; s = socket.socket(); fd = fcntl.ioctl(s.fileno(), 0x894C); print(os.readlink(f'/proc/self/fd/{fd}'))";

    [Theory]
    [InlineData("lo", false)]
    [InlineData("slirp", false)]
    [InlineData("lo", true)]
    public void NothingOfTheStackOutlivesTheSession(string stack, bool userNamespace)
    {
        var interfacesBefore = HostInterfaces();
        var options = userNamespace ? new[] { "--userns", "--default", stack } : ["--default", stack];
        var r = Run.Vuos(["python3", "-c", PrintStackNamespace], options);
        var ns = r.Stdout.Trim();
        Assert.Matches(@"^net:\[\d+\]$", ns);
        Assert.NotEqual(Run.Native(["readlink", "/proc/self/ns/net"]).Stdout.Trim(), ns);

        // The stack's anchor (vuos-nshelper) held it: vuos waits for its helpers before it exits.
        Assert.Empty(NamespaceHolders.Of(ns));
        Assert.Equal(interfacesBefore, HostInterfaces());
    }

    [Fact]
    public void TheSessionsMountsExistOnlyInsideIt()
    {
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--default", "lo", "--", "bash", "-c",
            "exec 3</net/local/stream; ls /dev/net | tr '\\n' ' '; echo; echo ready; read"]);
        Assert.Equal("host lo slirp tun ", session.StandardOutput.ReadLine());
        Assert.Equal("ready", session.StandardOutput.ReadLine());
        // The host's view, meanwhile: no /net, no stack files, no mount of the session's.
        Assert.False(Directory.Exists("/net"));
        Assert.Equal(["tun"], Directory.GetFileSystemEntries("/dev/net").Select(Path.GetFileName));
        Assert.DoesNotContain(Mounts(), m => m.Point == "/net" || m.Point.StartsWith("/dev/net", StringComparison.Ordinal) ||
            m.Source is "vuos-root" or "vuos-stacks" or "vuos-scratch");
        session.StandardInput.WriteLine();
        Assert.True(session.WaitForExit(10_000));
    }

    [Fact]
    public void AKilledSupervisorLeavesNoNamespaceNorHelperBehind()
    {
        const string printNamespaces = "import os; print(os.readlink('/proc/self/ns/net'), os.readlink('/proc/self/ns/mnt'), flush=True); input()";
        using var doomed = Run.StartBackground([Repo.VuosBinary, "run", "--default", "lo", "--", "python3", "-c", printNamespaces]);
        var namespaces = doomed.StandardOutput.ReadLine()!.Split(' ');
        doomed.Kill(); // SIGKILL: no chance to clean up
        doomed.WaitForExit();
        ProcessProbe.WaitUntil(() => namespaces.All(ns => NamespaceHolders.Of(ns).Count == 0) && NamespaceHolders.Orphans("vuos-nshelper").Count == 0,
            "the session's namespaces and helpers gone");
    }

    /// <summary>
    /// The host's interface names, but for those other tests make while this one runs: TAP interfaces of tap
    /// stacks (vtNNNNN), and the veths and taps of the isolation tests (vnNNNNN, vfNNNNN, vdNNNNN).
    /// </summary>
    static List<string> HostInterfaces() =>
        Run.Native(["ip", "-o", "link"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')[1].Trim().Split('@')[0])
            .Where(name => !Regex.IsMatch(name, @"^v[tnfd]\d{5}$"))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The host's mounts: where, and the source's name (a session names its own vuos-root, vuos-stacks, vuos-netfs).</summary>
    static IEnumerable<(string Source, string Point)> Mounts() =>
        File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Select(f => (f[0], f[1]));
}
