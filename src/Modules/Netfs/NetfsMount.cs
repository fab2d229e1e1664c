using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Netfs.Fuse;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The session's FUSE mount of the netfs tree, in a directory of its own: /run/vuos/PID/net as root,
/// $XDG_RUNTIME_DIR/vuos/PID/net or /tmp/vuos-UID/PID/net otherwise. A supervisor killed with SIGKILL cannot
/// unmount; the next one to start removes the mounts of sessions whose supervisor is gone.
/// </summary>
public sealed class NetfsMount : IDisposable
{
    readonly FuseServer server;
    readonly string sessionDirectory;

    NetfsMount(FuseServer server, string sessionDirectory, string mountPoint)
    {
        this.server = server;
        this.sessionDirectory = sessionDirectory;
        MountPoint = mountPoint;
    }

    public string MountPoint { get; }

    public static NetfsMount Start(IFuseFileSystem tree, ILogger log)
    {
        var baseDirectory = BaseDirectory();
        RemoveStale(baseDirectory, log);
        var sessionDirectory = Path.Combine(baseDirectory, Environment.ProcessId.ToString());
        var mountPoint = Path.Combine(sessionDirectory, "net");
        Directory.CreateDirectory(mountPoint);
        var server = new FuseServer(tree, mountPoint, log);
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            TryDelete(sessionDirectory);
            throw;
        }
        return new NetfsMount(server, sessionDirectory, mountPoint);
    }

    static string BaseDirectory()
    {
        if (Libc.geteuid() == 0)
        {
            return "/run/vuos";
        }
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return runtime is { Length: > 0 } && Directory.Exists(runtime) ? Path.Combine(runtime, "vuos") : $"/tmp/vuos-{Libc.getuid()}";
    }

    static void RemoveStale(string baseDirectory, ILogger log)
    {
        if (!Directory.Exists(baseDirectory))
        {
            return;
        }
        foreach (var dir in Directory.GetDirectories(baseDirectory))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            log.Debug("removing the netfs mount of ended session {Pid}", pid);
            Libc.umount2(Path.Combine(dir, "net"), MountFlags.Detach);
            TryDelete(dir);
        }
    }

    /// <summary>Removes the session's empty directories; a directory still mounted stays (rmdir fails with EBUSY).</summary>
    static void TryDelete(string sessionDirectory)
    {
        foreach (var directory in new[] { Path.Combine(sessionDirectory, "net"), sessionDirectory })
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    public void Dispose()
    {
        server.Dispose();
        TryDelete(sessionDirectory);
    }
}
