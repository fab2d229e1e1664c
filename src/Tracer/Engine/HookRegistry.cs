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
    readonly Dictionary<SyscallDescriptor, Dictionary<string, ArgTest>> ignoredBy = [];
    readonly Dictionary<SyscallDescriptor, Dictionary<string, ArgTest>> onlyWhenBy = [];
    string module = "";

    /// <summary>The traced processes and threads, for modules that are asked about them outside a syscall (netfs's FUSE requests).</summary>
    public ProcessTable Processes { get; } = processes;

    /// <summary>The syscall log, for modules that report operations of their own.</summary>
    public SyscallLog Log { get; } = log;

    /// <summary>Stops of a thread as its call returns, asked for by a runtime that saw the call elsewhere (FUSE).</summary>
    public ReturnStops ReturnStops { get; } = new(processes);

    public IReadOnlyList<SyscallHook> Hooks => hooks;

    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> Narrowed => narrowed;

    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> StopTests => stopWhen;

    /// <summary>
    /// The calls the filter may let run untouched: those every module hooking the syscall declared it ignores
    /// (with the same test). One module's promise cannot speak for another's hooks.
    /// </summary>
    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> Ignored => Agreed(ignoredBy);

    /// <summary>The calls the filter may notify only when an argument passes a test: every module hooking the syscall declared it.</summary>
    internal IReadOnlyDictionary<SyscallDescriptor, ArgTest> OnlyWhenTests => Agreed(onlyWhenBy);

    /// <summary>The promises every module hooking the syscall made alike: one module's cannot speak for another's hooks.</summary>
    Dictionary<SyscallDescriptor, ArgTest> Agreed(Dictionary<SyscallDescriptor, Dictionary<string, ArgTest>> promises) =>
        promises.Where(e => hooks.Where(h => h.Syscall == e.Key).Select(h => h.Module).Distinct()
                .All(m => e.Value.TryGetValue(m, out var t) && SameTest(t, e.Value.Values.First())))
            .ToDictionary(e => e.Key, e => e.Value.Values.First());

    /// <summary>The namespaces the command starts in and the capabilities it keeps (the launcher sets them up before exec).</summary>
    public LaunchSettings Launch { get; set; } = LaunchSettings.None;

    internal void BeginModule(string name) => module = name;

    readonly List<(Func<TraceeProcess, bool> Wants, SyscallExitHandler Handler)> afterExec = [];

    internal IReadOnlyList<(Func<TraceeProcess, bool> Wants, SyscallExitHandler Handler)> AfterExec => afterExec;

    /// <summary>
    /// Runs <paramref name="handler"/> when a process for which <paramref name="wants"/> holds has exec'd, at the
    /// exit of its execve (it then has one thread), where it can chain calls in the new program before its first
    /// instruction (<see cref="SyscallExitContext.Then"/>). Nothing stops for processes <paramref name="wants"/> refuses.
    /// </summary>
    public void OnExecuted(Func<TraceeProcess, bool> wants, SyscallExitHandler handler) => afterExec.Add((wants, handler));

    public void On(string syscall, HookMode mode, SyscallHandler handler) => On(SyscallTable.Get(syscall), mode, handler);

    public void On(SyscallDescriptor syscall, HookMode mode, SyscallHandler handler) =>
        hooks.Add(new SyscallHook(module, syscall, mode, handler));

    /// <summary>
    /// Hooks every x86-64 row (shared by i386 where the call is the same) that plays <paramref name="role"/>:
    /// <paramref name="handlerFor"/> makes each row's handler, knowing the row's argument layout. Rows only i386
    /// has are left to the kernel; a module serving them hooks them by name.
    /// </summary>
    public void OnRole(SyscallRole role, HookMode mode, Func<SyscallDescriptor, SyscallHandler> handlerFor)
    {
        foreach (var row in SyscallTable.All.Where(r => r.Roles.HasFlag(role)))
        {
            On(row, mode, handlerFor(row));
        }
    }

    /// <summary>
    /// Promises that the Notify hooks of <paramref name="syscall"/> let every call run whose int argument
    /// <paramref name="arg"/> is not one of <paramref name="values"/>, so the filter need not stop those (unless
    /// the log shows them; then the hooks see them and keep the promise). A process that can no longer keep it
    /// revokes it with <see cref="SyscallContext.RevokeNarrowing"/>.
    /// </summary>
    public void Narrow(string syscall, int arg, IReadOnlyList<uint> values) =>
        narrowed[SyscallTable.Get(syscall)] = new ArgTest(arg, uint.MaxValue, values);

    /// <summary>
    /// Promises that this module's hooks of <paramref name="syscall"/> let every call run whose int argument
    /// <paramref name="arg"/>, masked with <paramref name="mask"/>, equals <paramref name="value"/>: when every
    /// module hooking the syscall says so, the filter lets those calls run without a notification. Unlike
    /// <see cref="Narrow"/> the promise is never revoked (the hooks must keep it when the log shows the call).
    /// </summary>
    public void Ignore(string syscall, int arg, uint mask, uint value) => Promise(ignoredBy, syscall, new ArgTest(arg, mask, [value]));

    /// <summary>
    /// Promises that this module's hooks of <paramref name="syscall"/> let every call run whose int argument
    /// <paramref name="arg"/> is not <paramref name="value"/> (stat relative to a directory descriptor, when only
    /// paths relative to the working directory matter): when every module hooking the syscall says so, the
    /// filter lets the others run without a notification. Never revoked.
    /// </summary>
    public void OnlyWhen(string syscall, int arg, uint value) => Promise(onlyWhenBy, syscall, new ArgTest(arg, uint.MaxValue, [value]));

    void Promise(Dictionary<SyscallDescriptor, Dictionary<string, ArgTest>> promises, string syscall, ArgTest test)
    {
        var sc = SyscallTable.Get(syscall);
        if (!promises.TryGetValue(sc, out var byModule))
        {
            promises[sc] = byModule = [];
        }
        byModule[module] = test;
    }

    /// <summary>
    /// <see cref="Ignore"/> for stat of a descriptor: `newfstatat(fd, "", AT_EMPTY_PATH)` (glibc's fstat) and
    /// `statx(fd, "", AT_EMPTY_PATH)`, the most frequent file calls, which name no path a path hook serves.
    /// </summary>
    public void IgnoreStatOfDescriptors()
    {
        const uint atEmptyPath = AtFlags.AT_EMPTY_PATH;
        Ignore("newfstatat", 3, atEmptyPath, atEmptyPath);
        Ignore("statx", 2, atEmptyPath, atEmptyPath);
    }

    static bool SameTest(ArgTest a, ArgTest b) => a.Arg == b.Arg && a.Mask == b.Mask && a.Values.SequenceEqual(b.Values);

    /// <summary>Calls of a Notify-hooked syscall whose argument, masked, equals <paramref name="value"/> arrive as ptrace stops, so their hooks can rewrite them.</summary>
    public void StopWhen(string syscall, int arg, uint mask, uint value) =>
        stopWhen[SyscallTable.Get(syscall)] = new ArgTest(arg, mask, [value]);
}
