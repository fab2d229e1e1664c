using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Seccomp;

/// <summary>
/// The action for every syscall the supervisor wants to see, merged from the modules' declarations and the
/// log's classes. A syscall absent from the plan gets <see cref="DefaultAction"/>.
/// </summary>
public sealed class FilterPlan
{
    readonly Dictionary<SyscallDescriptor, FilterAction> actions = [];

    public FilterAction DefaultAction { get; set; } = FilterAction.Allow;

    public IReadOnlyDictionary<SyscallDescriptor, FilterAction> Actions => actions;

    /// <summary>Raises a syscall's action: Trace wins over Notify, which wins over Allow.</summary>
    public void Require(SyscallDescriptor syscall, FilterAction action)
    {
        if (!actions.TryGetValue(syscall, out var current) || action > current)
        {
            actions[syscall] = action;
        }
    }

    public FilterAction ActionFor(SyscallDescriptor? syscall) =>
        syscall is not null && actions.TryGetValue(syscall, out var a) ? a : DefaultAction;
}
