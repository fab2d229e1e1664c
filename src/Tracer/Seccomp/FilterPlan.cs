using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Seccomp;

/// <summary>
/// The action for every syscall the supervisor wants to see, merged from the modules' declarations and the
/// log's classes. A syscall absent from the plan gets <see cref="DefaultAction"/>.
/// </summary>
public sealed class FilterPlan
{
    readonly Dictionary<SyscallDescriptor, FilterAction> actions = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> narrowed = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> stopWhen = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> ignored = [];
    readonly Dictionary<SyscallDescriptor, ArgTest> onlyWhen = [];

    public FilterAction DefaultAction { get; set; } = FilterAction.Allow;

    public IReadOnlyDictionary<SyscallDescriptor, FilterAction> Actions => actions;

    /// <summary>Notified syscalls the filter lets run without a stop unless their arguments pass a test.</summary>
    public IReadOnlyDictionary<SyscallDescriptor, ArgTest> Narrowed => narrowed;

    /// <summary>Notified syscalls that become ptrace stops when their arguments pass a test.</summary>
    public IReadOnlyDictionary<SyscallDescriptor, ArgTest> StopWhen => stopWhen;

    /// <summary>Notified syscalls the filter lets run, before any other test, when their arguments pass a test (never revoked).</summary>
    public IReadOnlyDictionary<SyscallDescriptor, ArgTest> Ignored => ignored;

    /// <summary>Notified syscalls the filter lets run, before any other test, unless their arguments pass a test (never revoked).</summary>
    public IReadOnlyDictionary<SyscallDescriptor, ArgTest> OnlyWhenTests => onlyWhen;

    /// <summary>Raises a syscall's action: Trace wins over Notify, which wins over Allow.</summary>
    public void Require(SyscallDescriptor syscall, FilterAction action)
    {
        if (!actions.TryGetValue(syscall, out var current) || action > current)
        {
            actions[syscall] = action;
        }
    }

    public void Narrow(SyscallDescriptor syscall, ArgTest test) => narrowed[syscall] = test;

    public void Stop(SyscallDescriptor syscall, ArgTest test) => stopWhen[syscall] = test;

    public void Ignore(SyscallDescriptor syscall, ArgTest test) => ignored[syscall] = test;

    public void OnlyWhen(SyscallDescriptor syscall, ArgTest test) => onlyWhen[syscall] = test;

    public FilterAction ActionFor(SyscallDescriptor? syscall) =>
        syscall is not null && actions.TryGetValue(syscall, out var a) ? a : DefaultAction;
}
