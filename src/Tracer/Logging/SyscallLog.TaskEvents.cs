using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// The lines about tasks rather than calls: a task attached, got a signal, exited or was killed, and what a
/// module did for one. Each first prints a held call entry (with "&lt;unfinished ...&gt;"), as every line does.
/// </summary>
public sealed partial class SyscallLog
{
    /// <summary>The first task of the session.</summary>
    public void Started(int tid)
    {
        lock (gate)
        {
            tasks++;
        }
    }

    /// <summary>A new task (process or thread) is traced: strace's "Process N attached" note, on stderr.</summary>
    public void Attached(int tid)
    {
        lock (gate)
        {
            tasks++;
        }
        if (!Settings.Quiet && Enabled)
        {
            notes?.Invoke($"Process {tid} attached");
        }
    }

    /// <summary>An operation a module performed for a tracee, in words: "netfs: ...".</summary>
    public void Operation(int pid, string module, string text)
    {
        if (!Enabled || !Settings.PrintsLines)
        {
            return;
        }
        lock (gate)
        {
            if (Settings.Json)
            {
                EmitJson(w =>
                {
                    w.WriteString("kind", module);
                    w.WriteNumber("pid", pid);
                    w.WriteString("operation", text);
                });
                return;
            }
            FlushOpen();
            var sb = new StringBuilder();
            AppendLeader(sb, pid, DateTime.UtcNow, Stopwatch.GetTimestamp());
            sb.Append(module).Append(": ").Append(text);
            Emit(sb.ToString());
        }
    }

    public void SignalDelivered(int tid, int tgid, in SigInfo info)
    {
        if (!Settings.PrintsLines)
        {
            return;
        }
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<SigInfo>(in info)).ToArray();
        var signo = info.Signo;
        var name = LinuxNames.SignalName(signo) ?? signo.ToString();
        var siginfo = SignalInfos.Format(bytes);
        lock (gate)
        {
            if (Settings.Json)
            {
                EmitJson(w =>
                {
                    w.WriteString("kind", "signal");
                    w.WriteNumber("pid", tgid);
                    w.WriteNumber("tid", tid);
                    w.WriteString("signal", name);
                    w.WriteNumber("signo", signo);
                    w.WritePropertyName("siginfo");
                    siginfo.WriteJson(w);
                });
                return;
            }
            FlushOpen();
            var sb = new StringBuilder(128);
            AppendLeader(sb, tid, DateTime.UtcNow, Stopwatch.GetTimestamp());
            sb.Append("--- ").Append(name).Append(' ');
            siginfo.WriteText(sb);
            sb.Append(" ---");
            Emit(sb.ToString());
        }
    }

    /// <summary>A task (thread or process) ended with exit status <paramref name="code"/>.</summary>
    public void Exited(int tid, int tgid, int code) => Ended(tid, $"+++ exited with {code} +++", w =>
    {
        w.WriteString("kind", "exit");
        w.WriteNumber("pid", tgid);
        w.WriteNumber("tid", tid);
        w.WriteNumber("status", code);
    });

    public void Killed(int tid, int tgid, int signal, bool coreDumped)
    {
        var name = LinuxNames.SignalName(signal) ?? signal.ToString();
        Ended(tid, $"+++ killed by {name} {(coreDumped ? "(core dumped) " : "")}+++", w =>
        {
            w.WriteString("kind", "killed");
            w.WriteNumber("pid", tgid);
            w.WriteNumber("tid", tid);
            w.WriteString("signal", name);
            w.WriteNumber("signo", signal);
            w.WriteBoolean("core_dumped", coreDumped);
        });
    }

    void Ended(int tid, string text, Action<Utf8JsonWriter> json)
    {
        lock (gate)
        {
            if (Settings.PrintsLines)
            {
                if (Settings.Json)
                {
                    EmitJson(json);
                }
                else
                {
                    FlushOpen();
                    var sb = new StringBuilder(48);
                    AppendLeader(sb, tid, DateTime.UtcNow, Stopwatch.GetTimestamp());
                    sb.Append(text);
                    Emit(sb.ToString());
                }
            }
            tasks--;
        }
    }
}
