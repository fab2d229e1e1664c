using Serilog.Core;
using Vuos.Net.Interop;
using Vuos.Net.Tests.Infrastructure;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;

namespace Vuos.Net.Tests;

/// <summary>
/// A call can block in the supervisor (as netfs's accept does) while the program stays blocked in the kernel,
/// and signals interrupt it exactly as a blocking kernel call: EINTR without SA_RESTART, a restart with it.
/// </summary>
public class BlockingCallTests
{
    const string WaitPath = "/vuos-test/wait";

    [Theory]
    [InlineData(HookMode.Notify)]
    [InlineData(HookMode.Stop)]
    public void OpenBlocksUntilTheSupervisorAnswers(HookMode mode)
    {
        var report = Probe(mode, "plain", releaseAfter: TimeSpan.FromMilliseconds(500), out var elapsed);
        Assert.Equal("opened, alarms 0", report);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(450), $"open returned after {elapsed}");
    }

    [Theory]
    [InlineData(HookMode.Notify)]
    [InlineData(HookMode.Stop)]
    public void ASignalWithoutSaRestartFailsTheCallWithEintr(HookMode mode)
    {
        var report = Probe(mode, "eintr", releaseAfter: null, out _);
        Assert.Equal("open failed: Interrupted system call, alarms 1", report);
    }

    [Theory]
    [InlineData(HookMode.Notify)]
    [InlineData(HookMode.Stop)]
    public void ASignalWithSaRestartRunsTheHandlerAndTheCallGoesOn(HookMode mode)
    {
        var report = Probe(mode, "restart", releaseAfter: TimeSpan.FromMilliseconds(2000), out var elapsed);
        Assert.Equal("opened, alarms 1", report);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(1900));
    }

    static string Probe(HookMode mode, string how, TimeSpan? releaseAfter, out TimeSpan elapsed)
    {
        var report = Path.Combine(Directory.CreateTempSubdirectory("vuos-wait-").FullName, "report");
        using var module = new GateModule(mode);
        var engine = new TracerEngine(new TracerOptions { LauncherPath = Repo.LauncherBinary }, [module], SyscallLog.Off, Logger.None);
        using var release = releaseAfter is { } after ? new Timer(_ => module.Open(), null, after, Timeout.InfiniteTimeSpan) : null;
        var started = DateTime.UtcNow;
        Assert.Equal(0, engine.Run([Fixtures.Path("wait_probe"), report, WaitPath, how]));
        elapsed = DateTime.UtcNow - started;
        return File.ReadAllText(report).TrimEnd('\n');
    }

    /// <summary>Serves <see cref="WaitPath"/> by waiting until a socket pair becomes readable, then returning its read end.</summary>
    sealed unsafe class GateModule : ISyscallModule, IDisposable, IBlockingWait
    {
        readonly HookMode mode;
        readonly SafeFd reader, writer;

        public GateModule(HookMode mode)
        {
            this.mode = mode;
            int* fds = stackalloc int[2];
            ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, 1 | SocketConst.SOCK_CLOEXEC, 0, fds), "socketpair");
            (reader, writer) = (new SafeFd(fds[0]), new SafeFd(fds[1]));
        }

        public string Name => "test-gate";

        public int PollFd => reader.Fd;

        public short PollEvents => 1;

        public void Register(HookRegistry hooks) => hooks.On("openat", mode, call =>
        {
            if (call.Memory.ReadPath(call.Arg(1)) == WaitPath)
            {
                call.Wait(this);
            }
        });

        public void Open()
        {
            byte b = 1;
            Libc.write(writer.Fd, &b, 1);
        }

        public bool TryComplete(DeferredReply reply)
        {
            reply.ReturnFd(new SafeFd(Libc.dup(reader.Fd)), closeOnExec: false);
            return true;
        }

        public void Cancel()
        {
        }

        public void Dispose()
        {
            reader.Dispose();
            writer.Dispose();
        }
    }
}
