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

        Assert.Empty(NamespaceHolders.Of(ns));
        // Another test's --userns session may be running its own helper right now.
        Assert.Empty(NamespaceHolders.Orphans("vuos-nshelper"));
        Assert.Equal(interfacesBefore, HostInterfaces());
    }

    [Fact]
    public void TheNetfsMountGoesWithItsSession()
    {
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--", "bash", "-c", "exec 3</net/local/stream; echo ready; read"]);
        Assert.Equal("ready", session.StandardOutput.ReadLine());
        Assert.Contains(Mounts(), m => m == $"/run/vuos/{session.Id}/net");
        session.StandardInput.WriteLine();
        Assert.True(session.WaitForExit(10_000));
        Assert.DoesNotContain(Mounts(), m => m.StartsWith($"/run/vuos/{session.Id}/", StringComparison.Ordinal));
        Assert.False(Directory.Exists($"/run/vuos/{session.Id}"));
    }

    [Fact]
    public void AKilledSupervisorsMountIsRemovedByTheNextSession()
    {
        using var doomed = Run.StartBackground([Repo.VuosBinary, "run", "--", "bash", "-c", "echo ready; sleep 60"]);
        Assert.Equal("ready", doomed.StandardOutput.ReadLine());
        Assert.Contains(Mounts(), m => m == $"/run/vuos/{doomed.Id}/net");
        doomed.Kill(); // SIGKILL: no chance to unmount
        doomed.WaitForExit();
        Run.Vuos(["true"]);
        Assert.DoesNotContain(Mounts(), m => m.StartsWith($"/run/vuos/{doomed.Id}/", StringComparison.Ordinal));
        Assert.False(Directory.Exists($"/run/vuos/{doomed.Id}"));
    }

    /// <summary>The host's interface names, but for the TAP interfaces tap-stack tests make while this one runs.</summary>
    static List<string> HostInterfaces() =>
        Run.Native(["ip", "-o", "link"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')[1].Trim().Split('@')[0])
            .Where(name => !Regex.IsMatch(name, @"^vt\d{5}$"))
            .Order(StringComparer.Ordinal).ToList();

    static IEnumerable<string> Mounts() => File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]);
}
