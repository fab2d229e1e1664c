using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

public delegate void SyscallHandler(SyscallContext context);

public delegate void SyscallExitHandler(SyscallExitContext context);

/// <summary>
/// One intercepted call as a module handler sees it: who made it, its arguments, the tracee's memory, and
/// the means to answer it. The same handler runs whether the call arrived as a seccomp notification or a
/// ptrace stop; only <see cref="Rewrite"/> and <see cref="OnExit"/> need a stop.
/// </summary>
public abstract class SyscallContext
{
    readonly ulong[] args;
    (ulong Address, string? Path)? pathRead;

    protected SyscallContext(TraceeThread thread, SyscallDescriptor syscall, uint arch, ulong[] args)
    {
        Thread = thread;
        Syscall = syscall;
        Arch = arch;
        this.args = args;
        Memory = new TraceeMemory(thread.Tid);
    }

    public TraceeThread Thread { get; }

    public TraceeProcess Process => Thread.Process;

    public SyscallDescriptor Syscall { get; }

    /// <summary>AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386: the ABI the tracee used.</summary>
    public uint Arch { get; }

    public TraceeMemory Memory { get; }

    public SyscallOutcome Outcome { get; private set; }

    public long ReturnValue { get; private set; }

    internal FdReply? FdReply { get; private set; }

    internal IBlockingWait? BlockingWait { get; private set; }

    /// <summary>A short note the log prints after the call, e.g. which stack served a socket.</summary>
    public string? Note { get; set; }

    public bool IsDecided => Outcome != SyscallOutcome.Undecided;

    /// <summary>The call as rewritten by a handler (the stop path can change the call; notifications cannot).</summary>
    public (SyscallDescriptor Target, ulong[] Args)? Rewritten { get; protected set; }

    /// <summary>Carries out the decision through <paramref name="answer"/>: the one switch over outcomes.</summary>
    internal T AnswerWith<T>(ISyscallAnswer<T> answer) => Outcome switch
    {
        SyscallOutcome.Return => answer.Return(ReturnValue),
        SyscallOutcome.ReturnFd => answer.ReturnFds(FdReply!),
        SyscallOutcome.Wait => answer.Wait(BlockingWait!),
        _ => answer.Continue(Rewritten),
    };

    public ulong Arg(int index) => args[index];

    /// <summary>An int argument (the low 32 bits, sign-extended, as the kernel reads int parameters).</summary>
    public int ArgInt(int index) => (int)args[index];

    public ReadOnlySpan<ulong> Args => args;

    /// <summary>
    /// The path a pointer argument names, read once for all the hooks that look at it (open and stat run
    /// through several), or null for NULL, unreadable or overlong memory: bad pointers are the kernel's to report.
    /// </summary>
    public string? PathArg(int index)
    {
        var address = args[index];
        if (address == 0)
        {
            return null;
        }
        if (pathRead is { } read && read.Address == address)
        {
            return read.Path;
        }
        string? path;
        try
        {
            path = Memory.ReadPath(address);
        }
        catch (ErrnoException)
        {
            path = null;
        }
        pathRead = (address, path);
        return path;
    }

    /// <summary>Skips the call; the tracee sees <paramref name="value"/>.</summary>
    public void Return(long value)
    {
        EnsureUndecided();
        Outcome = SyscallOutcome.Return;
        ReturnValue = value;
    }

    /// <summary>Skips the call; the tracee sees -1 with errno set to <paramref name="errno"/>.</summary>
    public void Fail(int errno) => Return(-errno);

    /// <summary>
    /// Skips the call; the tracee receives a duplicate of <paramref name="fd"/> as its result, with
    /// O_CLOEXEC when <paramref name="closeOnExec"/>. The context owns and closes <paramref name="fd"/>.
    /// Set O_NONBLOCK on the descriptor itself: it is a property of the open file, shared with the tracee.
    /// </summary>
    public void ReturnFd(SafeFd fd, bool closeOnExec) => Reply(Engine.FdReply.Single(fd, closeOnExec));

    /// <summary>
    /// Skips the call; installs <paramref name="fds"/> in the tracee, then <paramref name="complete"/> receives
    /// their numbers there (to write them into tracee memory, as socketpair does) and returns the call's result.
    /// </summary>
    public void ReturnFds(SafeFd[] fds, bool closeOnExec, Func<int[], long> complete) =>
        Reply(Engine.FdReply.Many(fds, closeOnExec, complete));

    /// <summary>
    /// Skips the call; <paramref name="fd"/> replaces the tracee's descriptor <paramref name="target"/> (as dup2 would,
    /// with O_CLOEXEC when <paramref name="closeOnExec"/>), and the tracee sees <paramref name="result"/>. The context
    /// owns and closes <paramref name="fd"/>.
    /// </summary>
    public void ReplaceFd(int target, SafeFd fd, bool closeOnExec, long result) =>
        Reply(Engine.FdReply.Replace(fd, target, closeOnExec, result));

    void Reply(FdReply reply)
    {
        EnsureUndecided();
        Outcome = SyscallOutcome.ReturnFd;
        FdReply = reply;
    }

    /// <summary>
    /// The call blocks until <paramref name="wait"/> answers it (see <see cref="IBlockingWait"/>); signals interrupt it
    /// as they would a blocking call of the kernel's. The handler must not block itself.
    /// </summary>
    public void Wait(IBlockingWait wait)
    {
        EnsureUndecided();
        Outcome = SyscallOutcome.Wait;
        BlockingWait = wait;
    }

    /// <summary>Lets the call run; later handlers for the same call are not asked.</summary>
    public void Continue()
    {
        EnsureUndecided();
        Outcome = SyscallOutcome.Continue;
    }

    /// <summary>Whether this context can rewrite the call and watch its exit (a ptrace stop).</summary>
    public abstract bool IsStop { get; }

    /// <summary>
    /// Replaces the call by <paramref name="target"/> (numbered for the tracee's ABI) with other arguments;
    /// the tracee's own registers come back at exit.
    /// </summary>
    public virtual void Rewrite(SyscallDescriptor target, ReadOnlySpan<ulong> newArgs) =>
        throw new InvalidOperationException("rewriting a call needs a ptrace stop (HookMode.Stop)");

    /// <summary>
    /// Copies <paramref name="data"/> into the tracee's memory where a rewritten call can point to it (below the
    /// stack's red zone: the thread is in a syscall, nothing of its own lives there), and returns the address.
    /// </summary>
    public virtual ulong PutScratch(ReadOnlySpan<byte> data) =>
        throw new InvalidOperationException("scratch memory needs a ptrace stop (HookMode.Stop)");

    /// <summary>
    /// Makes the process give up the filter's narrowings (<see cref="HookRegistry.Narrow"/>) for all its threads
    /// and future children: the call becomes the seccomp() that stacks a filter stopping every narrowed syscall,
    /// so from then on their hooks see every call. Exit callbacks added later see seccomp's result: 0 on
    /// success, -errno, or the id of a thread that could not be synchronised.
    /// </summary>
    public virtual void RevokeNarrowing() =>
        throw new InvalidOperationException("revoking narrowings needs a ptrace stop");

    /// <summary>Asks for <paramref name="handler"/> to run when the call returns.</summary>
    public virtual void OnExit(SyscallExitHandler handler) =>
        throw new InvalidOperationException("exit callbacks need a ptrace stop (HookMode.Stop)");

    internal void MarkContinued() => Outcome = SyscallOutcome.Continue;

    void EnsureUndecided()
    {
        if (IsDecided)
        {
            throw new InvalidOperationException($"{Syscall.Name}: the call was already decided ({Outcome})");
        }
    }
}

/// <summary>A call returning, as an exit callback sees it.</summary>
public sealed class SyscallExitContext(TraceeThread thread, SyscallDescriptor syscall, long result, ulong stackPointer)
{
    readonly ScratchArea scratch = new(stackPointer);

    /// <summary>A call to make in the tracee before it sees the result, set by <see cref="Then"/>.</summary>
    internal ChainedCall? Chained { get; private set; }

    public TraceeThread Thread { get; } = thread;

    public TraceeProcess Process => Thread.Process;

    public SyscallDescriptor Syscall { get; } = syscall;

    /// <summary>The raw result: a value, or -errno.</summary>
    public long Result { get; private set; } = result;

    public bool Changed { get; private set; }

    public TraceeMemory Memory { get; } = new(thread.Tid);

    public void SetResult(long value)
    {
        Result = value;
        Changed = true;
    }

    /// <summary>Copies <paramref name="data"/> below the stack's red zone, where a chained call can point to it; returns the address.</summary>
    public ulong PutScratch(ReadOnlySpan<byte> data) => scratch.Put(Memory, data);

    /// <summary>
    /// Makes the tracee run <paramref name="target"/> (numbered for its ABI) with <paramref name="args"/> before it
    /// sees this call's result, as if it had made that call itself with the supervisor's arguments: the thread
    /// executes its syscall instruction once more. <paramref name="next"/> sees that call's result, and may chain
    /// another; the last one's <see cref="SetResult"/> (default: 0) is what the tracee's own call returns, with its
    /// own registers back. A process changes its own namespaces this way (setns is per process, not settable
    /// from outside).
    /// </summary>
    public void Then(SyscallDescriptor target, ReadOnlySpan<ulong> args, SyscallExitHandler next) =>
        Chained = new ChainedCall(target, args.ToArray(), null, next);

    /// <summary>
    /// Like <see cref="Then"/>, the chained call being the installation of <paramref name="fds"/> in the tracee
    /// (the context owns and closes them): <paramref name="next"/> sees 0 or -errno, and their numbers come to
    /// <paramref name="installed"/> first.
    /// </summary>
    public void ThenInstall(SafeFd[] fds, bool closeOnExec, Action<int[]> installed, SyscallExitHandler next) =>
        Chained = new ChainedCall(null, [], FdReply.Many(fds, closeOnExec, numbers =>
        {
            installed(numbers);
            return 0;
        }), next);
}

/// <summary>A call the supervisor makes a tracee run: a syscall, or the installation of descriptors (<see cref="Inject"/>).</summary>
internal sealed record ChainedCall(SyscallDescriptor? Target, ulong[] Args, FdReply? Inject, SyscallExitHandler Next);

/// <summary>
/// Memory below a stopped thread's stack and its red zone: the thread is in a syscall, nothing of its own lives
/// there, so data for a rewritten or chained call can be put there.
/// </summary>
sealed class ScratchArea(ulong stackPointer)
{
    const ulong RedZone = 128;
    ulong used;

    public ulong Put(TraceeMemory memory, ReadOnlySpan<byte> data)
    {
        used += ((ulong)data.Length + 15) & ~15UL;
        var address = ((stackPointer - RedZone) & ~15UL) - used;
        memory.Write(address, data);
        return address;
    }
}
