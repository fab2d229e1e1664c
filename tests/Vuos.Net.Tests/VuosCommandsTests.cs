using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// VUOS users' commands work inside a session, unchanged: vu_insmod/vu_lsmod/vu_rmmod/vuctl (VUOS's syscalls
/// -1..-4), stacks mounted and unmounted at run time with vumount/vuumount (mount(2)/umount2(2) with VUOS's
/// vunet types), stack files as VUOS shows them, and vustack's options. VUOS's tutorial scripts run as written.
/// </summary>
public class VuosCommandsTests
{
    const string User = "1234";

    static IReadOnlyList<string> AsUser(IReadOnlyList<string> command) =>
        ["setpriv", $"--reuid={User}", $"--regid={User}", "--clear-groups", "--", .. command];

    /// <summary>A session living in the loopback stack, so 127.0.0.1 outside the mounted stack is certainly empty.</summary>
    static RunResult VuosAs(string? user, IReadOnlyList<string> command) =>
        user is null ? Run.Vuos(command, ["--default", "lo"]) : Run.Native(AsUser([Repo.VuosBinary, "run", "--default", "lo", "--", .. command]));

    /// <summary>A directory everyone may read, holding hello.txt for a web server to serve.</summary>
    static string WebRoot()
    {
        var dir = Directory.CreateTempSubdirectory("vuos-vucmd-").FullName;
        File.WriteAllText(Path.Combine(dir, "hello.txt"), "hello from the mounted stack\n");
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ed); // 0755
        File.SetUnixFileMode(Path.Combine(dir, "hello.txt"), (UnixFileMode)0x1a4); // 0644
        return dir;
    }

    [Fact]
    public void VuosModuleCommandsAnswerForTheBuiltInModules()
    {
        var r = Run.Vuos(["bash", "-c", "vu_insmod vunet && echo insmod-ok; vu_lsmod; vu_insmod vufuse; echo vufuse=$?; " +
            "vu_rmmod vunet && vu_lsmod | grep -c vunet; vumount -t vunetloopback none /dev/net/x; echo mount-without-vunet=$?; " +
            "vu_insmod vunet && vu_lsmod | grep -c vunet; vuctl name myview && vuname -P && vuname -o; vuctl check; echo check=$?"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("insmod-ok\nvunet: vu virtual networking\nmsocket: ", r.Stdout);
        Assert.Contains("\nxv6: ", r.Stdout);
        Assert.Contains("vufuse: No such file or directory", r.Stderr);
        Assert.Contains("vufuse=1\n0\nmount-without-vunet=1\n1\nmyview\nGNU/Linux/VUOS\ncheck=0\n", r.Stdout);
        Assert.Contains("vumount: No such device", r.Stderr);

        // Outside a session the calls do not exist: the commands say so, as VUOS's do.
        var native = Run.Native([Path.Combine(Repo.BinDirectory, "vu_lsmod")]);
        Assert.Equal(2, native.ExitCode);
        Assert.Contains("This is a VUOS command", native.Stderr);
        Assert.Equal(1, Run.Native([Path.Combine(Repo.BinDirectory, "vuctl"), "check"]).ExitCode);
    }

    /// <summary>
    /// A stack mounted at run time by an ordinary script, as root and as a user: visible to the whole session,
    /// a stack file (S_IFSTACK|0777, chmod works), served and reached through vustack, and after vuumount gone
    /// from /dev/net and from vustack, while a socket already open in it keeps working.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(User)]
    public void AStackMountedAtRunTimeServesTheSessionAndOpenSocketsOutliveItsUnmount(string? user)
    {
        var www = WebRoot();
        var script = $$"""
            set -e
            vu_insmod vunet
            vumount -t vunetloopback none /dev/net/mynet
            stat -c '%f %a' /dev/net/mynet
            chmod 700 /dev/net/mynet && stat -c '%a' /dev/net/mynet && chmod 777 /dev/net/mynet
            exec 4< <(cd {{www}} && exec vustack /dev/net/mynet python3 -u -m http.server 8000 --bind 127.0.0.1 2>/dev/null)
            server=$!
            read -r serving <&4
            echo "${serving%% (*}"
            vustack /dev/net/mynet curl -s http://127.0.0.1:8000/hello.txt
            curl -s -o /dev/null http://127.0.0.1:8000/hello.txt || echo "not in the session's own stack"
            vustack /dev/net/mynet bash -c '
                exec 3<>/dev/tcp/127.0.0.1/8000
                vuumount /dev/net/mynet && echo unmounted
                test -e /dev/net/mynet || echo gone
                printf "GET /hello.txt HTTP/1.0\r\n\r\n" >&3
                tail -n 1 <&3'
            ls /dev/net | grep -c mynet || true
            vustack /dev/net/mynet true 2>&1 || echo refused
            kill $server
            """;
        var r = VuosAs(user, ["bash", "-c", script]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("""
            e1ff 777
            700
            Serving HTTP on 127.0.0.1 port 8000
            hello from the mounted stack
            not in the session's own stack
            unmounted
            gone
            hello from the mounted stack
            0
            /dev/net/mynet: No such file or directory
            refused

            """.Replace("\r", ""), r.Stdout);
    }

    /// <summary>A VDE switch the given user owns, in a directory everyone may enter; killed with the test.</summary>
    sealed class UserVdeSwitch : IDisposable
    {
        readonly string pidFile;

        public UserVdeSwitch(string? user)
        {
            var dir = Directory.CreateTempSubdirectory("vuos-vucmd-vde-").FullName;
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ff); // 0777
            Path = System.IO.Path.Combine(dir, "switch");
            pidFile = System.IO.Path.Combine(dir, "pid");
            IReadOnlyList<string> start = ["vde_switch", "-d", "-s", Path, "-p", pidFile];
            var r = Run.Native(user is null ? start : AsUser(start));
            Assert.True(r.ExitCode == 0, $"vde_switch: {r.Stderr}");
        }

        public string Path { get; }

        public void Dispose()
        {
            if (File.Exists(pidFile))
            {
                Run.Native(["kill", File.ReadAllText(pidFile).Trim()]);
            }
        }
    }

    static IReadOnlyList<string> VuosCommand(string? user, IReadOnlyList<string> command)
    {
        IReadOnlyList<string> run = [Repo.VuosBinary, "run", "--", .. command];
        return user is null ? run : AsUser(run);
    }

    /// <summary>Whether the user may open /dev/net/tun, which a VDE stack's link needs (root may; users where it is mode 0666).</summary>
    static bool TunUsableBy(string? user) => user is null || Run.Native(AsUser(["test", "-r", "/dev/net/tun", "-a", "-w", "/dev/net/tun"])).ExitCode == 0;

    /// <summary>
    /// VUOS's tutorial, unchanged, in two sessions on one VDE switch: a web server and a client. A user who
    /// may not open /dev/net/tun (this machine's may be mode 0600) gets the mount refused, with the reason.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(User)]
    public void VuosTutorialTwoSessionsOnAVdeSwitch(string? user)
    {
        using var sw = new UserVdeSwitch(user);
        var www = WebRoot();
        static string Setup(string sw, string address) => $"""
            vu_insmod vunet
            vumount -t vunetvdestack vde://{sw} /dev/net/mynet
            vustack /dev/net/mynet ip addr add {address}/24 dev vde0
            vustack /dev/net/mynet ip link set vde0 up
            """;
        if (!TunUsableBy(user))
        {
            var refused = Run.Native(VuosCommand(user, ["bash", "-c", $"vumount -t vunetvdestack vde://{sw.Path} /dev/net/mynet; echo $?; ls /dev/net | grep -c mynet"]));
            Assert.Equal("1\n0\n", refused.Stdout);
            Assert.Contains("vumount: Permission denied", refused.Stderr);
            Assert.Contains("read-write access to /dev/net/tun", refused.Stderr);
            return;
        }
        using var server = Run.StartBackground(VuosCommand(user, ["bash", "-c",
            Setup(sw.Path, "10.0.0.1") + $"\ncd {www} && exec vustack /dev/net/mynet python3 -u -m http.server 8000 --bind 10.0.0.1"]));
        try
        {
            Assert.StartsWith("Serving HTTP on 10.0.0.1 port 8000", server.StandardOutput.ReadLine());
            var client = Run.Native(VuosCommand(user, ["bash", "-c", Setup(sw.Path, "10.0.0.2") +
                "\nvustack /dev/net/mynet ip -4 -o addr show vde0 | grep -o '10.0.0.2/24'" +
                "\nvustack /dev/net/mynet curl -s --max-time 20 http://10.0.0.1:8000/hello.txt" +
                "\nvuumount /dev/net/mynet && ls /dev/net | grep -c mynet"]));
            Assert.True(client.ExitCode == 1, client.ToString()); // grep -c found none
            Assert.Equal("10.0.0.2/24\nhello from the mounted stack\n0\n", client.Stdout);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    [Fact]
    public void MountRefusesWhatVuosRefuses()
    {
        var r = Run.Vuos(["bash", "-c",
            "vumount -t vunetnosuch none /dev/net/a; vumount -t vunetvdestack '' /dev/net/b; " +
            "vumount -t vunetslirp -o bogus=1 none /dev/net/c; vumount -t vunetloopback none /dev/net/lo; " +
            "vumount -t vunetloopback none /tmp/elsewhere-$$; vumount -t vunetslirp -o mtu=1400,nosuid none /dev/net/s && echo slirp-ok; " +
            "vuumount /dev/net/s && echo s-gone; ls /dev/net"]);
        Assert.Equal("slirp-ok\ns-gone\nhost\nlo\nslirp\ntun\n", r.Stdout);
        Assert.Contains("vumount: No such device", r.Stderr);
        Assert.Contains("vumount: Device or resource busy", r.Stderr);
        Assert.Contains("vumount: Operation not permitted", r.Stderr);
        Assert.Equal(2, r.Stderr.Split("vumount: Invalid argument").Length - 1);

        // A session started with no way to the host's network cannot mount one.
        var confined = Run.Vuos(["bash", "-c", "for t in vunetreal vunetslirp; do vumount -t $t none /dev/net/$t; echo $t=$?; done; " +
            "vumount -t vunetloopback none /dev/net/l && echo loopback-ok"], ["--stack", "/dev/net/lo=loopback", "--default", "lo"]);
        Assert.Equal("vunetreal=1\nvunetslirp=1\nloopback-ok\n", confined.Stdout);
        Assert.Equal(2, confined.Stderr.Split("vumount: Operation not permitted").Length - 1);
    }

    /// <summary>msocket's corners as VUOS has them: the type is compared with SOCK_DEFAULT exactly, and a NULL path needs a default.</summary>
    [Fact]
    public void MsocketTestsSockDefaultExactlyAndANullPathNeedsADefault()
    {
        const string program = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            def ms(path, domain, type):
                r = libc.syscall(ctypes.c_long(-5), path, domain, type, 0)
                return "ok" if r == 0 else "fd" if r > 0 else os.strerror(ctypes.get_errno())
            print("NULL path, no default:", ms(None, 2, 1))
            print("SOCK_DEFAULT|SOCK_CLOEXEC:", ms(b"/dev/net/lo", 2, 0x80000))
            print("SOCK_DEFAULT:", ms(b"/dev/net/lo", 2, 0))
            print("NULL path after it:", ms(None, 2, 1))
            print("SOCK_DEFAULT, a family lo lacks:", ms(b"/dev/net/lo", 31, 0))
            """;
        var r = Run.Vuos(["python3", "-c", program]);
        Assert.Equal("""
            NULL path, no default: No such file or directory
            SOCK_DEFAULT|SOCK_CLOEXEC: Socket type not supported
            SOCK_DEFAULT: ok
            NULL path after it: fd
            SOCK_DEFAULT, a family lo lacks: ok

            """.Replace("\r", ""), r.Stdout);
    }

    [Fact]
    public void VustackOptionsFollowVuos()
    {
        var vustack = Path.Combine(Repo.BinDirectory, "vustack");
        var r = Run.Vuos(["bash", "-c",
            $"{vustack} -v -f IP4 -f ip6 -f bt lo true; {vustack} -v -s lo true; {vustack} -v lo true; " +
            $"{vustack} -f nosuch lo true; echo bad-family=$?; {vustack} /etc/passwd true; echo not-a-stack=$?; {vustack}; echo usage=$?"]);
        Assert.Contains("Using /dev/net/lo for the following address families:\n    inet(2) inet6(10) bluetooth(31)\n", r.Stderr);
        Assert.Contains("Using /dev/net/lo for the following address families:\n    local(1) inet(2) inet6(10) netlink(16) packet(17)\n", r.Stderr);
        Assert.Contains("Using /dev/net/lo for ALL address families\n", r.Stderr);
        Assert.Contains("vustack: unknown protocol family nosuch", r.Stderr);
        Assert.Contains("/etc/passwd: Operation not supported", r.Stderr);
        Assert.Equal("bad-family=1\nnot-a-stack=1\nusage=1\n", r.Stdout);
    }
}
