using Vuos.Net.Interop;

namespace Vuos.Net.Cli;

/// <summary>
/// Puts vuos's own directory (vustack and VUOS's commands: vu_insmod, vumount, ...) at the end of the
/// session's PATH, so VUOS scripts find them by name, while a program of the same name earlier in PATH wins.
/// Both copies of the environment change: .NET's (the supervisor searches PATH for the command with it) and
/// libc's (which the first tracee inherits).
/// </summary>
static class SessionPath
{
    public static void AppendOwnDirectory()
    {
        var own = AppContext.BaseDirectory.TrimEnd('/');
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        if (path.Split(':').Contains(own))
        {
            return;
        }
        var extended = path.Length == 0 ? own : path + ":" + own;
        Environment.SetEnvironmentVariable("PATH", extended);
        Libc.setenv("PATH", extended, 1);
    }
}
