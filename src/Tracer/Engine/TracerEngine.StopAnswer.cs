using Vuos.Net.Interop;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

public sealed partial class TracerEngine
{
    /// <summary>
    /// A decision carried out at a ptrace seccomp stop, with registers: each method says whether the stop is over
    /// (the call skipped and the thread resumed) or the call still runs, as made, rewritten, or turned into the
    /// injection call that the notification thread answers.
    /// </summary>
    sealed class StopAnswer(TracerEngine engine, TraceeThread thread, uint arch, PendingSyscall pending, TraceeMemory memory)
        : ISyscallAnswer<bool>
    {
        public bool Return(long value)
        {
            SkipWithResult(thread, value);
            if (pending.Logged is { } answered)
            {
                engine.log.Exit(answered, value, memory, pending.Note);
            }
            Resume(thread, 0);
            return true;
        }

        public bool ReturnFds(FdReply reply) => BecomeInjection(() => engine.injector!.Arm(thread.Tid, reply));

        public bool Wait(IBlockingWait wait) => BecomeInjection(() => engine.injector!.Arm(thread.Tid, thread.Process.Tgid, wait));

        public bool Continue((SyscallDescriptor Target, ulong[] Args)? rewritten)
        {
            if (rewritten is not var (target, newArgs))
            {
                return false;
            }
            var newNr = arch == AuditArch.I386 ? target.I386Nr : target.Nr;
            if (newNr < 0)
            {
                SkipWithResult(thread, -Errno.ENOSYS);
                Resume(thread, 0);
                return true;
            }
            var regs = Registers.Get(thread.Tid);
            pending.OriginalRegs = regs;
            Registers.SetCall(ref regs, arch, newNr, newArgs);
            Registers.Set(thread.Tid, regs);
            return false;
        }

        /// <summary>Both descriptors and waits answer through the notification thread: the call becomes the injection call.</summary>
        bool BecomeInjection(Action arm)
        {
            var regs = Registers.Get(thread.Tid);
            pending.OriginalRegs = regs;
            pending.Injecting = true;
            arm();
            regs.OrigRax = FilterCompiler.InjectFdNr;
            Registers.Set(thread.Tid, regs);
            return false;
        }
    }
}
