using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A module: the policy side, which declares the syscalls it needs and handles them.</summary>
public interface ISyscallModule
{
    string Name { get; }

    void Register(HookRegistry hooks);
}

public sealed record SyscallHook(string Module, SyscallDescriptor Syscall, HookMode Mode, SyscallHandler Handler);

/// <summary>Where modules declare their syscalls. Nothing undeclared ever stops a tracee.</summary>
public sealed class HookRegistry(ProcessTable processes, SyscallLog log)
{
    readonly List<SyscallHook> hooks = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> narrowed = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> stopWhen = [];
    string module = "";

    /// <summary>The traced processes and threads, for modules that are asked about them outside a syscall (netfs's FUSE requests).</summary>
    public ProcessTable Processes { get; } = processes;

    /// <summary>The syscall log, for modules that report operations of their own.</summary>
    public SyscallLog Log { get; } = log;

    public IReadOnlyList<SyscallHook> Hooks => hooks;

    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> Narrowed => narrowed;

    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> StopTests => stopWhen;

    /// <summary>The network namespace the command starts in (the launcher enters it before exec); null: the supervisor's.</summary>
    public SafeFd? LaunchNetworkNamespace { get; set; }

    internal void BeginModule(string name) => module = name;

    public void On(string syscall, HookMode mode, SyscallHandler handler) => On(SyscallTable.Get(syscall), mode, handler);

    public void On(SyscallDescriptor syscall, HookMode mode, SyscallHandler handler) =>
        hooks.Add(new SyscallHook(module, syscall, mode, handler));

    /// <summary>
    /// Promises that the Notify hooks of <paramref name="syscall"/> let every call run whose int argument
    /// <paramref name="arg"/> is not one of <paramref name="values"/>, so the filter need not stop those (unless
    /// the log shows them; then the hooks see them and keep the promise). A process that can no longer keep it
    /// revokes it with <see cref="SyscallContext.RevokeNarrowing"/>.
    /// </summary>
    public void Narrow(string syscall, int arg, IReadOnlyList<uint> values) =>
        narrowed[SyscallTable.Get(syscall)] = new ArgTest(arg, uint.MaxValue, values);

    /// <summary>Calls of a Notify-hooked syscall whose argument, masked, equals <paramref name="value"/> arrive as ptrace stops, so their hooks can rewrite them.</summary>
    public void StopWhen(string syscall, int arg, uint mask, uint value) =>
        stopWhen[SyscallTable.Get(syscall)] = new ArgTest(arg, mask, [value]);
}
