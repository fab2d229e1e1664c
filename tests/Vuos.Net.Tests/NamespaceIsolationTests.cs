using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The kernel enforces a session's isolation: a program living in a stack runs in the session's user, mount and
/// network namespaces, and what it aims at the host's is refused by the kernel, as root and as a user. Each
/// route is shown to work natively (or with --host-userns) before it is shown to fail in a stack.
/// </summary>
public class NamespaceIsolationTests
{
    const string User = "1234";

    static readonly string[] InLoopback = ["--stack", "/dev/net/lo=loopback", "--default", "/dev/net/lo"];

    static IReadOnlyList<string> AsUser(IReadOnlyList<string> command) =>
        ["setpriv", $"--reuid={User}", $"--regid={User}", "--clear-groups", "--", .. command];

    static RunResult VuosAsUser(IReadOnlyList<string> command, IReadOnlyList<string> options) =>
        Run.Native(AsUser([Repo.VuosBinary, "run", .. options, "--", .. command]));

    static string UniqueName(string prefix) => prefix + Random.Shared.Next(10000, 99999);

    static bool HostHasInterface(string name) => Directory.Exists($"/sys/class/net/{name}");

    /// <summary>
    /// Runs `ip link add NEAR type veth peer name FAR netns 1` in a namespace of its own, and reports whether FAR
    /// appeared in the host's namespace while the pair lived (it goes with its namespace).
    /// </summary>
    static (bool Appeared, string Output) VethIntoTheHost(IReadOnlyList<string> prefix)
    {
        var (near, far) = (UniqueName("vn"), UniqueName("vf"));
        using var p = Run.StartBackground([.. prefix, "bash", "-c", $"ip link add {near} type veth peer name {far} netns 1 2>&1; echo done; read"]);
        var output = "";
        for (var line = p.StandardOutput.ReadLine(); line is not null && line != "done"; line = p.StandardOutput.ReadLine())
        {
            output += line + "\n";
        }
        var appeared = HostHasInterface(far);
        p.StandardInput.WriteLine();
        p.WaitForExit();
        Run.Native(["ip", "link", "del", far]);
        return (appeared, output);
    }

    [Fact]
    public void ARootProgramInTheLoopbackStackCannotPutAnInterfaceIntoTheHostsNamespace()
    {
        // Natively, from a namespace of its own, root puts the far end into pid 1's namespace: the host's.
        Assert.True(VethIntoTheHost(["unshare", "-n"]).Appeared);
        var (appeared, output) = VethIntoTheHost([Repo.VuosBinary, "run", .. InLoopback, "--"]);
        Assert.False(appeared);
        Assert.Contains("Operation not permitted", output);
    }

    [Fact]
    public void ARootProgramInTheLoopbackStackCannotDeleteAHostInterfaceByNamespaceId()
    {
        var tap = UniqueName("vd");
        var script = Path.Combine(Repo.Root, "tests", "fixtures", "host_link.py");
        try
        {
            Assert.Equal(0, Run.Native(["ip", "tuntap", "add", tap, "mode", "tap"]).ExitCode);
            var native = Run.Native(["unshare", "-n", "python3", script, tap]);
            Assert.Contains("RTM_DELLINK of a host interface by IFLA_TARGET_NETNSID: ok", native.Stdout);
            Assert.False(HostHasInterface(tap));

            Assert.Equal(0, Run.Native(["ip", "tuntap", "add", tap, "mode", "tap"]).ExitCode);
            var r = Run.Vuos(["python3", script, tap], InLoopback);
            // The kernel's answer to a target namespace the caller has no CAP_NET_ADMIN over.
            Assert.Contains("RTM_DELLINK of a host interface by IFLA_TARGET_NETNSID: Permission denied", r.Stdout);
            Assert.True(HostHasInterface(tap));
        }
        finally
        {
            Run.Native(["ip", "tuntap", "del", tap, "mode", "tap"]);
        }
    }

    [Fact]
    public void HostUsernsKeepsRealRootAndSaysWhatThatCosts()
    {
        Assert.True(VethIntoTheHost([Repo.VuosBinary, "run", "--host-userns", .. InLoopback, "--"]).Appeared);
        var r = Run.Vuos(["true"], ["--host-userns", .. InLoopback]);
        Assert.Contains("isolation holds only against programs that are not root", r.Stderr);
    }

    [Fact]
    public void HostUsernsIsRefusedToAnUnprivilegedUser()
    {
        var r = VuosAsUser(["true"], ["--host-userns"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--host-userns needs root", r.Stderr);
    }

    /// <summary>Opens (openat, openat2, creat) of another process's memory and descriptors, in a python program.</summary>
    const string ProcessFiles = """
        import ctypes, os, struct, sys
        libc = ctypes.CDLL(None, use_errno=True)
        def attempt(what, call):
            try:
                fd = call()
                if fd < 0:
                    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
                print(what + ": OPENED")
            except OSError as e:
                print(what + ": " + e.strerror)
        pid = sys.argv[1]
        attempt("openat mem", lambda: os.open(f"/proc/{pid}/mem", os.O_RDWR))
        how = ctypes.create_string_buffer(struct.pack("QQQ", os.O_RDWR, 0, 0))
        attempt("openat2 mem", lambda: libc.syscall(437, -100, f"/proc/{pid}/mem".encode(), how, 24))
        attempt("creat mem", lambda: libc.syscall(85, f"/proc/{pid}/mem".encode(), 0o600))
        attempt("write a descriptor", lambda: os.open(f"/proc/{pid}/fd/0", os.O_WRONLY))
        """;

    [Fact]
    public void ARootProgramCannotOpenTheSupervisorsOrAnOutsideProcesssMemoryOrDescriptors()
    {
        using var outside = Run.StartBackground(["sleep", "60"]);
        var native = Run.Native(["python3", "-c", ProcessFiles, outside.Id.ToString()]);
        Assert.Equal("openat mem: OPENED\nopenat2 mem: OPENED\ncreat mem: OPENED\nwrite a descriptor: OPENED\n", native.Stdout);

        var refused = "openat mem: Permission denied\nopenat2 mem: Permission denied\ncreat mem: Permission denied\nwrite a descriptor: Permission denied\n";
        Assert.Equal(refused, Run.Vuos(["python3", "-c", ProcessFiles, outside.Id.ToString()], InLoopback).Stdout);
        // $PPID of the shell is the supervisor.
        Assert.Equal(refused, Run.Vuos(["bash", "-c", "exec python3 -c \"$0\" $PPID", ProcessFiles], InLoopback).Stdout);
        outside.Kill();
    }

    [Fact]
    public void AnUnprivilegedProgramCannotReachTheUsersOtherProcesses()
    {
        using var outside = Run.StartBackground(AsUser(["sleep", "60"]));
        ProcessProbe.WaitUntil(() => ProcessProbe.Descendants(outside.Id).Any(p => ProcessProbe.Comm(p) == "sleep") || ProcessProbe.Comm(outside.Id) == "sleep",
            "the user's sleep started");
        var pid = ProcessProbe.Comm(outside.Id) == "sleep" ? outside.Id : ProcessProbe.Descendants(outside.Id).First(p => ProcessProbe.Comm(p) == "sleep");
        var native = Run.Native(AsUser(["/usr/bin/python3", "-c", ProcessFiles, pid.ToString()]));
        Assert.StartsWith("openat mem: OPENED\nopenat2 mem: OPENED\n", native.Stdout);

        var r = VuosAsUser(["/usr/bin/python3", "-c", ProcessFiles, pid.ToString()], InLoopback);
        Assert.Equal("openat mem: Permission denied\nopenat2 mem: Permission denied\ncreat mem: Permission denied\nwrite a descriptor: Permission denied\n", r.Stdout);
        outside.Kill(entireProcessTree: true);
    }

    [Fact]
    public void AChildClonedUntracedCannotBeTracedByItsParentToTakeItsSocketsOut()
    {
        using var server = new HttpFixtureServer("host\n");
        var fixture = Fixtures.Path("untraced_tracer");
        var native = Run.Native([fixture, server.Port.ToString(), "/dev/net/lo"]);
        Assert.Contains("ptrace seize of the untraced child: TRACED", native.Stdout);
        Assert.Contains("untraced child: connect REACHED THE HOST", native.Stdout);

        foreach (var r in new[]
        {
            Run.Vuos([fixture, server.Port.ToString(), "/dev/net/lo"]),
            Run.Vuos([fixture, server.Port.ToString(), "/dev/net/lo"], ["--userns"]),
            VuosAsUser([fixture, server.Port.ToString(), "/dev/net/lo"], ["--no-netfs"]),
        })
        {
            Assert.Contains("msocket(/dev/net/lo, SOCK_DEFAULT): ok", r.Stdout);
            Assert.Contains("ptrace seize of the untraced child: Operation not permitted", r.Stdout);
            Assert.Contains("untraced child: connect ", r.Stdout);
            Assert.DoesNotContain("REACHED THE HOST", r.Stdout);
        }
    }

    const string Vsock = "import socket\ntry:\n    socket.socket(40, socket.SOCK_STREAM); print('vsock socket made')\nexcept OSError as e:\n    print('vsock:', e.strerror)";

    [Fact]
    public void AfVsockWhichNoNamespaceScopesIsRefusedInAStack()
    {
        var native = Run.Native(["python3", "-c", Vsock]);
        if (!native.Stdout.Contains("made"))
        {
            Assert.Contains("Address family not supported", native.Stdout); // a kernel without vsock has nothing to refuse
        }
        Assert.Equal(native.Stdout, Run.Vuos(["python3", "-c", Vsock]).Stdout);
        Assert.Equal("vsock: Address family not supported by protocol\n", Run.Vuos(["python3", "-c", Vsock], InLoopback).Stdout);
        Assert.Equal("vsock: Address family not supported by protocol\n", VuosAsUser(["/usr/bin/python3", "-c", Vsock], InLoopback).Stdout);
    }

    [Fact]
    public void AnUnprivilegedProgramLivesInItsStackAndConfiguresIt()
    {
        var hostNs = Run.Native(["readlink", "/proc/self/ns/net"]).Stdout.Trim();
        var r = VuosAsUser(["bash", "-c", "id -u; readlink /proc/self/ns/net; ip addr add 10.5.5.5/32 dev lo && ip -4 -o addr show lo | wc -l; ls /sys/class/net"],
            ["--stats", .. InLoopback]);
        var lines = r.Stdout.Split('\n');
        Assert.Equal(User, lines[0]);
        Assert.NotEqual(hostNs, lines[1]);
        Assert.Equal("2", lines[2]);
        Assert.Equal("lo", lines[3]);
        Assert.DoesNotContain("10.5.5.5", Run.Native(["ip", "-4", "-o", "addr"]).Stdout);
    }

    [Fact]
    public void SocketsOfTheStackAProgramLivesInNeverStopIt()
    {
        var loop = Fixtures.Path("socket_loop");
        foreach (var r in new[] { Run.Vuos([loop, "2000"], ["--stats", .. InLoopback]), VuosAsUser([loop, "2000"], ["--stats", .. InLoopback]) })
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            var notifications = int.Parse(System.Text.RegularExpressions.Regex.Match(r.Stderr, @"notifications=(\d+)").Groups[1].Value);
            Assert.True(notifications < 50, r.Stderr);
        }
    }

    [Fact]
    public void RootKeepsItsIdentityAndAUserSeesOtherOwnersAsTheOverflowId()
    {
        var root = Run.Vuos(["bash", "-c", "id -u; stat -c %U /etc/passwd; head -c 4 /etc/shadow | wc -c"], InLoopback);
        Assert.Equal("0\nroot\n4\n", root.Stdout);
        var user = VuosAsUser(["bash", "-c", "id -u; stat -c %u /etc/passwd"], InLoopback);
        Assert.Equal($"{User}\n65534\n", user.Stdout);
    }

    [Fact]
    public void TheStackResolvConfAndSysfsAreTheStacksOwn()
    {
        var r = Run.Vuos(["bash", "-c", "grep -c '^nameserver 127.0.0.1' /etc/resolv.conf; grep -c 'no nameserver' /etc/resolv.conf; ls /sys/class/net"], InLoopback);
        Assert.Equal("1\n1\nlo\n", r.Stdout);
        var slirp = Run.Vuos(["bash", "-c", "grep '^nameserver' /etc/resolv.conf; ls /sys/class/net | tr '\\n' ' '"], ["--default", "slirp"]);
        Assert.Equal("nameserver 10.0.2.3\neth0 lo ", slirp.Stdout);
    }
}
