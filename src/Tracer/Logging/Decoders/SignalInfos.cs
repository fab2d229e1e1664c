using System.Buffers.Binary;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>A siginfo_t as strace prints it in "--- SIGCHLD {...} ---": symbolic si_code, then the fields its origin fills.</summary>
public static class SignalInfos
{
    static readonly FlagSet UserCodes = FlagSet.Enum("SI",
        (0, "SI_USER"), (0x80, "SI_KERNEL"), (unchecked((ulong)-1), "SI_QUEUE"), (unchecked((ulong)-2), "SI_TIMER"),
        (unchecked((ulong)-3), "SI_MESGQ"), (unchecked((ulong)-4), "SI_ASYNCIO"), (unchecked((ulong)-5), "SI_SIGIO"),
        (unchecked((ulong)-6), "SI_TKILL"), (unchecked((ulong)-7), "SI_DETHREAD"), (unchecked((ulong)-60), "SI_ASYNCNL"));

    static readonly Dictionary<int, string[]> CodesBySignal = new()
    {
        [17] = ["CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"],
        [11] = ["SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR", "SEGV_ACCADI", "SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR"],
        [7] = ["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"],
        [4] = ["ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"],
        [8] = ["FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB", "", "", "", "", "", "FPE_FLTUNK", "FPE_CONDTRAP"],
        [5] = ["TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF"],
        [29] = ["POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP"],
        [31] = ["SYS_SECCOMP", "SYS_USER_DISPATCH"],
    };

    /// <summary>The si_code by name: the generic SI_* first, then the signal's own codes.</summary>
    public static string CodeName(int signo, int code)
    {
        if (UserCodes.NameOf(unchecked((ulong)(long)code)) is { } generic)
        {
            return generic;
        }
        if (CodesBySignal.TryGetValue(signo, out var names) && code >= 1 && code <= names.Length && names[code - 1].Length > 0)
        {
            return names[code - 1];
        }
        return code.ToString();
    }

    /// <summary>The 128-byte siginfo at <paramref name="si"/>, for a 64-bit tracee.</summary>
    public static StructValue Format(byte[] si)
    {
        var signo = BinaryPrimitives.ReadInt32LittleEndian(si);
        var errno = BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(4));
        var code = BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(8));
        var s = new StructValue();
        if (signo == 0)
        {
            return s;
        }
        s.Add("si_signo", Primitives.Signal(signo));
        s.Add("si_code", LogValue.Symbol(CodeName(signo, code)));
        if (errno != 0)
        {
            s.Add("si_errno", LogValue.Symbol(LinuxNames.ErrnoName(errno) ?? errno.ToString()));
        }
        int I(int offset) => BinaryPrimitives.ReadInt32LittleEndian(si.AsSpan(offset));
        ulong P(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(si.AsSpan(offset));
        void Source()
        {
            s.Add("si_pid", LogValue.Dec(I(16)));
            s.Add("si_uid", LogValue.UDec((uint)I(20)));
        }
        void Value()
        {
            s.Add("si_int", LogValue.Dec(I(24)));
            s.Add("si_ptr", LogValue.Pointer(P(24)));
        }
        if (code <= 0)
        {
            switch (code)
            {
                case -2: // SI_TIMER
                    s.Add("si_timerid", LogValue.Hex((uint)I(16)));
                    s.Add("si_overrun", LogValue.Dec(I(20)));
                    Value();
                    break;
                case -5: // SI_SIGIO
                    s.Add("si_band", LogValue.Dec((long)P(16)));
                    s.Add("si_fd", LogValue.Dec(I(24)));
                    break;
                case 0 or -6: // SI_USER, SI_TKILL
                    Source();
                    break;
                default:
                    Source();
                    if (P(24) != 0)
                    {
                        Value();
                    }
                    break;
            }
            return s;
        }
        switch (signo)
        {
            case 17: // SIGCHLD
                Source();
                s.Add("si_status", code == 1 ? LogValue.Dec(I(24)) : Primitives.Signal(I(24)));
                s.Add("si_utime", ClockTicks(P(32)));
                s.Add("si_stime", ClockTicks(P(40)));
                break;
            case 4 or 8 or 7 or 11 or 5: // SIGILL, SIGFPE, SIGBUS, SIGSEGV, SIGTRAP
                s.Add("si_addr", LogValue.Pointer(P(16)));
                break;
            case 29 when code is >= 1 and <= 6: // SIGIO
                s.Add("si_band", LogValue.Dec((long)P(16)));
                s.Add("si_fd", LogValue.Dec(I(24)));
                break;
            case 31: // SIGSYS
                s.Add("si_call_addr", LogValue.Pointer(P(16)));
                s.Add("si_syscall", LogValue.Dec(I(24)));
                s.Add("si_arch", LogValue.Hex((uint)I(28)));
                break;
            default:
                if (I(16) != 0 || I(20) != 0)
                {
                    Source();
                }
                if (P(24) != 0)
                {
                    Value();
                }
                break;
        }
        return s;
    }

    /// <summary>A clock_t in ticks, with strace's comment in seconds (100 ticks a second on Linux).</summary>
    static LogValue ClockTicks(ulong ticks) =>
        ticks == 0 ? LogValue.UDec(0) : LogValue.Commented(LogValue.UDec(ticks), $"{ticks / 100}.{ticks % 100:D2} s");
}
