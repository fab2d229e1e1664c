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
public sealed class HookRegistry
{
    readonly List<SyscallHook> hooks = [];
    string module = "";

    public IReadOnlyList<SyscallHook> Hooks => hooks;

    internal void BeginModule(string name) => module = name;

    public void On(string syscall, HookMode mode, SyscallHandler handler) => On(SyscallTable.Get(syscall), mode, handler);

    public void On(SyscallDescriptor syscall, HookMode mode, SyscallHandler handler) =>
        hooks.Add(new SyscallHook(module, syscall, mode, handler));
}
