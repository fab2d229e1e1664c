using Serilog;
using Serilog.Core;
using Serilog.Events;
using Vuos.Net.Interop;
using Vuos.Net.Tests.Infrastructure;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests;

/// <summary>
/// A module can answer a call with a descriptor made in the supervisor: the program gets a real descriptor
/// as its call's result, with O_CLOEXEC and O_NONBLOCK as it asked, through seccomp notification or a ptrace stop.
/// </summary>
public class FdInjectionTests
{
    const string ServedPath = "/vuos-test/inject";

    [Theory]
    [InlineData(HookMode.Notify, "", "fd>2 1 data injected cloexec 0 nonblock 0")]
    [InlineData(HookMode.Notify, "cloexec", "fd>2 1 data injected cloexec 1 nonblock 0")]
    [InlineData(HookMode.Notify, "nonblock", "fd>2 1 data injected cloexec 0 nonblock 1\nsecond read -1 Resource temporarily unavailable")]
    [InlineData(HookMode.Stop, "", "fd>2 1 data injected cloexec 0 nonblock 0")]
    [InlineData(HookMode.Stop, "cloexec", "fd>2 1 data injected cloexec 1 nonblock 0")]
    [InlineData(HookMode.Stop, "nonblock", "fd>2 1 data injected cloexec 0 nonblock 1\nsecond read -1 Resource temporarily unavailable")]
    public void ProgramReceivesTheInjectedDescriptor(HookMode mode, string flag, string expected)
    {
        var (report, stats) = RunProbe(mode, SyscallLog.Off, ServedPath, flag);
        Assert.Equal(expected, report);
        Assert.Equal(1, stats.InjectedFds);
        if (mode == HookMode.Notify)
        {
            Assert.Equal(0, stats.SeccompStops);
        }
        else
        {
            Assert.True(stats.SeccompStops > 0);
        }
    }

    [Fact]
    public void NotifyHookRunsFromAStopWhenTheLogShowsTheCall()
    {
        var sink = new CollectingSink();
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        var log = new SyscallLog(logger, new TraceSelection(SyscallClass.File, new HashSet<string>()), showDurations: false);
        var (report, stats) = RunProbe(HookMode.Notify, log, ServedPath, "cloexec");
        Assert.Equal("fd>2 1 data injected cloexec 1 nonblock 0", report);
        Assert.True(stats.SeccompStops > 0);
        Assert.Contains(sink.Lines, l => l.Contains($"openat(AT_FDCWD, \"{ServedPath}\", O_RDONLY|O_CLOEXEC") && l.EndsWith("[served by test module]"));
    }

    [Fact]
    public void OtherPathsAreLeftToTheKernel()
    {
        var (report, stats) = RunProbe(HookMode.Notify, SyscallLog.Off, "/etc/hostname", "");
        Assert.StartsWith("fd>2 1 data ", report);
        Assert.Equal(0, stats.InjectedFds);
    }

    [Theory]
    [InlineData(HookMode.Notify)]
    [InlineData(HookMode.Stop)]
    public void BadPointerGetsEfaultAsNatively(HookMode mode)
    {
        var (report, _) = RunProbe(mode, SyscallLog.Off, ServedPath, "badptr");
        Assert.Equal("badptr fd -1 errno Bad address", report);
    }

    static (string Report, TracerStats Stats) RunProbe(HookMode mode, SyscallLog log, string path, string flag)
    {
        var report = Path.Combine(Directory.CreateTempSubdirectory("vuos-inject-").FullName, "report");
        using var module = new ServingModule(mode);
        var engine = new TracerEngine(new TracerOptions { LauncherPath = Repo.LauncherBinary }, [module], log, Logger.None);
        var code = engine.Run([Fixtures.Path("inject_probe"), report, path, .. flag.Length > 0 ? new[] { flag } : []]);
        Assert.Equal(0, code);
        return (File.ReadAllText(report).TrimEnd('\n'), engine.Stats);
    }

    /// <summary>
    /// Serves <see cref="ServedPath"/> with one end of a socket pair holding "injected"; the module keeps the
    /// other end open until the run ends, so a second non-blocking read finds nothing rather than end-of-file.
    /// </summary>
    sealed unsafe class ServingModule(HookMode mode) : ISyscallModule, IDisposable
    {
        readonly List<SafeFd> peers = [];

        public string Name => "test-inject";

        public void Dispose() => peers.ForEach(p => p.Dispose());

        public void Register(HookRegistry hooks) => hooks.On("openat", mode, context =>
        {
            if (context.Memory.ReadPath(context.Arg(1)) != ServedPath)
            {
                return;
            }
            var flags = context.ArgInt(2);
            int* fds = stackalloc int[2];
            ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, 1 /* SOCK_STREAM */ | SocketConst.SOCK_CLOEXEC, 0, fds), "socketpair");
            var text = "injected"u8;
            fixed (byte* p = text)
            {
                Libc.write(fds[1], p, (nuint)text.Length);
            }
            lock (peers)
            {
                peers.Add(new SafeFd(fds[1]));
            }
            if ((flags & OpenFlags.NonBlock) != 0)
            {
                Libc.fcntl(fds[0], FcntlCmd.SetFl, OpenFlags.NonBlock);
            }
            context.Note = "served by test module";
            context.ReturnFd(new SafeFd(fds[0]), closeOnExec: (flags & OpenFlags.CloExec) != 0);
        });
    }

    sealed class CollectingSink : ILogEventSink
    {
        readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            var writer = new StringWriter();
            new StraceTextFormatter().Format(logEvent, writer);
            lock (lines)
            {
                lines.Add(writer.ToString().TrimEnd('\n'));
            }
        }
    }
}
