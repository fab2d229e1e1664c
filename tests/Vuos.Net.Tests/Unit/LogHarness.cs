using System.Runtime.InteropServices;
using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

/// <summary>
/// Drives the syscall log as the engine does (enter, exit, signals, exits) for calls whose arguments live in this
/// process's own memory, read back through <see cref="TraceeMemory"/> like any tracee's, and collects the lines.
/// </summary>
sealed unsafe class LogHarness : IDisposable
{
    readonly List<nint> blocks = [];
    readonly Capture capture = new();
    readonly Logger logger;

    public LogHarness(LogSettings? settings = null, TraceSelection? selection = null)
    {
        logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(capture).CreateLogger();
        Log = new SyscallLog(logger, selection ?? TraceSelection.Everything, settings ?? new LogSettings());
        Memory = new TraceeMemory(Environment.ProcessId);
    }

    public SyscallLog Log { get; }

    public TraceeMemory Memory { get; }

    public List<string> Lines => capture.Lines;

    /// <summary>Bytes in memory the decoders read; their address.</summary>
    public ulong Put(ReadOnlySpan<byte> bytes)
    {
        var p = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(bytes.Length, 1) + 64);
        blocks.Add(p);
        bytes.CopyTo(new Span<byte>((void*)p, bytes.Length));
        return (ulong)p;
    }

    public ulong Put(string s) => Put(Encoding.ASCII.GetBytes(s + "\0"));

    public ulong Put<T>(T value) where T : unmanaged => Put(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    public ulong PutArray<T>(params T[] values) where T : unmanaged => Put(MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>Room for the call to fill, zeroed.</summary>
    public ulong Room(int size) => Put(new byte[size]);

    public void Write(ulong address, ReadOnlySpan<byte> bytes) => bytes.CopyTo(new Span<byte>((void*)address, bytes.Length));

    public void Write<T>(ulong address, T value) where T : unmanaged => Write(address, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>
    /// One call from entry to exit on x86-64: <paramref name="between"/> plays the kernel (fills outputs) before
    /// the exit is logged. Returns the line(s) printed.
    /// </summary>
    public string Call(string name, ulong[] args, long ret, Action? between = null, int tid = 100, uint arch = AuditArch.X86_64, string? note = null)
    {
        var before = Lines.Count;
        var syscall = arch == AuditArch.I386 ? SyscallTable.Lookup(arch, I386Number(name)) ?? SyscallTable.Get(name) : SyscallTable.Get(name);
        var full = new ulong[6];
        args.CopyTo(full, 0);
        var r = Log.Enter(tid, tid, syscall, arch, full, Memory, 0);
        between?.Invoke();
        if (syscall.Ret == RetKind.NoReturn)
        {
            Log.NoReturn(r, note);
        }
        else
        {
            Log.Exit(r, ret, Memory, note);
        }
        return string.Join("\n", Lines.Skip(before));
    }

    static long I386Number(string name) => name switch
    {
        "mmap" => 90,
        "select" => 82,
        "mmap2" => 192,
        _ => SyscallTable.Get(name).I386Nr,
    };

    public void Dispose()
    {
        logger.Dispose();
        foreach (var p in blocks)
        {
            NativeMemory.Free((void*)p);
        }
    }

    sealed class Capture : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Properties.TryGetValue("text", out var text) && text is ScalarValue { Value: string s })
            {
                Lines.Add(s);
            }
            else if (logEvent.Properties.TryGetValue("json", out var json) && json is ScalarValue { Value: string j })
            {
                Lines.Add(j);
            }
        }
    }
}
