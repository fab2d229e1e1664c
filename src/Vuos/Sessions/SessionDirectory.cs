using Vuos.Net.Interop;

namespace Vuos.Net.Cli.Sessions;

/// <summary>
/// Where a user's running sessions leave their control sockets, one per supervisor, named after its pid: root's
/// in /run/vuos/sessions, a user's in $XDG_RUNTIME_DIR/vuos-sessions (or /tmp/vuos-UID when there is none). The directory is the
/// user's alone (0700), so only the user and root can reach the sessions through it.
/// </summary>
static class SessionDirectory
{
    public static string Path
    {
        get
        {
            var uid = Libc.geteuid();
            if (uid == 0)
            {
                return "/run/vuos/sessions";
            }
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            return !string.IsNullOrEmpty(runtime) && System.IO.Path.IsPathRooted(runtime) && Directory.Exists(runtime)
                ? System.IO.Path.Combine(runtime, "vuos-sessions")
                : $"/tmp/vuos-{uid}";
        }
    }

    public static string SocketOf(int pid) => System.IO.Path.Combine(Path, $"{pid}.sock");

    /// <summary>Makes the directory (0700) or checks that an existing one is the user's alone.</summary>
    public static string Prepare()
    {
        var path = Path;
        var info = Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Libc.fstatat(AtFlags.AT_FDCWD, path, out Stat st, AtFlags.AT_SYMLINK_NOFOLLOW) != 0 || (st.Mode & StatMode.IfMt) != StatMode.IfDir)
        {
            throw new IOException($"{path} is not a directory");
        }
        if (st.Uid != Libc.geteuid() || (st.Mode & 0x3f) != 0)
        {
            throw new IOException($"{path} is not the user's alone (owner {st.Uid}, mode {Convert.ToString(st.Mode & 0x1ff, 8)}): sessions publish no control socket there");
        }
        _ = info;
        return path;
    }

    /// <summary>The pids of the sessions whose sockets are in the directory (live or stale).</summary>
    public static IEnumerable<int> Listed()
    {
        var path = Path;
        if (!Directory.Exists(path))
        {
            return [];
        }
        return Directory.EnumerateFiles(path, "*.sock")
            .Select(f => int.TryParse(System.IO.Path.GetFileNameWithoutExtension(f), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Order();
    }
}
