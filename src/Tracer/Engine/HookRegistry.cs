using Vuos.Net.Tracer.Logging;
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
    string module = "";

    /// <summary>The traced processes and threads, for modules that are asked about them outside a syscall (netfs's FUSE requests).</summary>
    public ProcessTable Processes { get; } = processes;

    /// <summary>The syscall log, for modules that report operations of their own.</summary>
    public SyscallLog Log { get; } = log;

    public IReadOnlyList<SyscallHook> Hooks => hooks;

    internal void BeginModule(string name) => module = name;

    public void On(string syscall, HookMode mode, SyscallHandler handler) => On(SyscallTable.Get(syscall), mode, handler);

    public void On(SyscallDescriptor syscall, HookMode mode, SyscallHandler handler) =>
        hooks.Add(new SyscallHook(module, syscall, mode, handler));
}
