using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// No way out of the loopback stack: every route a program could take to a host listener fails under the
/// supervisor, while the same program reaches the host natively (see docs/SECURITY.md).
/// </summary>
public class SecurityTests
{
    static readonly string[] Refused =
    [
        "libc socket: Connection refused",
        "raw syscall socket: Connection refused",
        "int 0x80 socket+connect: Connection refused",
        "int 0x80 socketcall: Connection refused",
        "io_uring_setup: Operation not permitted",
        "pidfd_getfd of an outside socket: Operation not permitted",
        "open /proc/PID/fd of an outside socket: Permission denied",
        "open the supervisor's /proc/PID/mem: Permission denied",
        "ptrace attach to the supervisor: Operation not permitted",
        "ptrace seize an outside process: Operation not permitted",
        "process_vm_writev into the supervisor: Operation not permitted",
        "setns into an outside network namespace: Permission denied",
        "unshare(CLONE_NEWNET), then socket: Network is unreachable",
        "own allow-all filter (installed), then socket: Connection refused",
        "threads and vfork racing: all refused",
    ];

    [Fact]
    public void EveryRouteToAHostListenerFailsFromTheLoopbackStack()
    {
        using var outside = new OutsideListener();
        var args = new[] { Fixtures.Path("escape"), outside.Port.ToString(), outside.Pid.ToString(), outside.Fd.ToString() };
        var native = Run.Native([.. args, "native"]);
        Assert.Contains("libc socket: REACHED THE HOST", native.Stdout);
        Assert.Contains("int 0x80 socketcall: REACHED THE HOST", native.Stdout);
        Assert.Contains("pidfd_getfd of an outside socket: STOLEN", native.Stdout);
        Assert.Contains("setns into an outside network namespace, then socket: REACHED THE HOST", native.Stdout);

        var r = Run.Vuos(args, ["--default", "/dev/net/lo"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Refused, r.Stdout.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void EveryRouteToAHostListenerFailsFromTheLoopbackStackForAnUnprivilegedUser()
    {
        // The outside process belongs to the same user: natively the program may take its socket.
        string[] asUser = ["setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", "--"];
        using var outside = new OutsideListener(asUser);
        var args = new[] { Fixtures.Path("escape"), outside.Port.ToString(), outside.Pid.ToString(), outside.Fd.ToString() };
        var native = Run.Native([.. asUser, .. args, "native"]);
        Assert.Contains("libc socket: REACHED THE HOST", native.Stdout);
        Assert.Contains("pidfd_getfd of an outside socket: STOLEN", native.Stdout);

        var r = Run.Native([.. asUser, Repo.VuosBinary, "run", "--no-netfs", "--default", "lo", "--", .. args]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Refused.Select(line => line.StartsWith("unshare", StringComparison.Ordinal)
            ? "unshare(CLONE_NEWNET): Operation not permitted" // as natively: no CAP_SYS_ADMIN, in any namespace
            : line), r.Stdout.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ASetuidProgramCannotLeaveTheStackEither()
    {
        using var outside = new OutsideListener();
        var dir = Directory.CreateTempSubdirectory("vuos-suid-");
        var suid = Path.Combine(dir.FullName, "escape-suid");
        File.Copy(Fixtures.Path("escape"), suid);
        File.SetUnixFileMode(dir.FullName, (UnixFileMode)0x1ed);
        File.SetUnixFileMode(suid, (UnixFileMode)0x9ed); // 04755: setuid root
        var r = Run.Vuos(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", suid,
            outside.Port.ToString(), outside.Pid.ToString(), outside.Fd.ToString()], ["--default", "lo"]);
        Assert.StartsWith("libc socket: Connection refused\nraw syscall socket: Connection refused\n", r.Stdout);
        Assert.DoesNotContain("REACHED", r.Stdout);
        Assert.DoesNotContain("STOLEN", r.Stdout);
    }

    /// <summary>A process outside any session holding a listening host socket at a known descriptor.</summary>
    sealed class OutsideListener : IDisposable
    {
        readonly System.Diagnostics.Process process;

        public OutsideListener(IReadOnlyList<string>? prefix = null)
        {
            process = Run.StartBackground([.. prefix ?? [], "/usr/bin/python3", "-c",
                "import socket, os, threading, time\nl = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(64)\n" +
                "print(l.getsockname()[1], os.getpid(), l.fileno(), flush=True)\n" +
                "threading.Thread(target=lambda: [l.accept()[0].close() for _ in iter(int, 1)], daemon=True).start()\ntime.sleep(60)"]);
            var fields = process.StandardOutput.ReadLine()!.Split(' ').Select(int.Parse).ToArray();
            (Port, Pid, Fd) = (fields[0], fields[1], fields[2]);
        }

        public int Port { get; }

        public int Pid { get; }

        public int Fd { get; }

        public void Dispose() => process.Kill();
    }
}
