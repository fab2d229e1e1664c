using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Where the command starts (native/vuos-launch.c carries it out before installing the filter and exec):
/// namespaces to join in order, capabilities to keep across exec as ambient ones, whether the session's
/// processes may reach processes outside the session with ptrace and its kin (ConfineTracing: a Landlock
/// domain of the session's own, where the kernel has Landlock), and whether no_new_privs is set (a program
/// without privilege may then stack seccomp filters, which revoking a narrowing needs).
/// </summary>
public sealed record LaunchSettings(IReadOnlyList<NamespaceToJoin> Namespaces, ulong AmbientCapabilities, bool ConfineTracing,
    bool NoNewPrivileges = false)
{
    public static readonly LaunchSettings None = new([], 0, false);
}
