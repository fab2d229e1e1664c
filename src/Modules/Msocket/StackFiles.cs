using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Fuse;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Namespaces;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// The session's stack files (VUOS's /dev/net/NAME). When the session serves them
/// (<see cref="SessionNamespaces.StackFilesServed"/>), each is a FUSE mount of a <see cref="StackFileNode"/>
/// this class serves, so that a stat of it reaches the supervisor (<see cref="StatSeen"/>) and no other
/// stat does; otherwise each is a plain socket-type node the kernel answers for alone. Stacks mounted while the
/// session runs get their file here too, the one way or the other.
/// </summary>
public sealed class StackFiles : IDisposable
{
    const uint AllPermissions = 0x1ff;

    readonly SessionNamespaces namespaces;
    readonly ILogger log;
    readonly ConcurrentDictionary<string, FuseServer> servers = new();

    public StackFiles(SessionNamespaces namespaces, ILogger log)
    {
        this.namespaces = namespaces;
        this.log = log;
        foreach (var (path, device) in namespaces.TakeStackFileDevices())
        {
            Serve(path, device);
        }
    }

    /// <summary>Whether stack files are served, so a stat of one reaches <see cref="StatSeen"/>.</summary>
    public bool Served => namespaces.StackFilesServed;

    /// <summary>Told the thread id of every stat (and other attribute lookup) of a served stack file, before the call can return.</summary>
    public Action<int>? StatSeen { get; set; }

    /// <summary>Makes the file of a stack mounted while the session runs. Throws ErrnoException (EBUSY when something is there).</summary>
    public void Add(string absolutePath, SafeFd directory, string name)
    {
        if (Served)
        {
            var device = namespaces.AddStackFile(absolutePath);
            try
            {
                Serve(absolutePath, device);
            }
            catch
            {
                namespaces.RemoveStackFile(absolutePath);
                throw;
            }
            return;
        }
        if (Libc.mknodat(directory, name, StatMode.IfSock | AllPermissions, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException($"mount {absolutePath}", errno == Errno.EEXIST ? Errno.EBUSY : errno);
        }
        // The supervisor's umask does not decide a stack file's mode: VUOS's are S_IFSTACK|0777.
        Libc.fchmodat(directory, name, AllPermissions, 0);
    }

    /// <summary>Removes a stack file (a stack unmounted while the session runs); errors are logged, the file may stay.</summary>
    public void Remove(string absolutePath, SafeFd directory, string name)
    {
        if (servers.TryRemove(absolutePath, out var server))
        {
            try
            {
                namespaces.RemoveStackFile(absolutePath);
            }
            catch (ErrnoException e)
            {
                log.Warning("{Message:l}", e.Message);
            }
            server.Dispose();
            return;
        }
        Libc.unlinkat(directory, name, 0);
    }

    void Serve(string path, SafeFd device)
    {
        var node = new StackFileNode(tid => StatSeen?.Invoke(tid));
        // Nothing of the supervisor may touch the mount: in an unprivileged session it is not in the user
        // namespace the mount belongs to, and FUSE refuses it (allow_other admits that namespace's processes).
        var server = new FuseServer(node, path, log, workerThreads: 1, mountedDevice: device);
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        servers[path] = server;
    }

    public void Dispose()
    {
        foreach (var server in servers.Values)
        {
            server.Dispose();
        }
        servers.Clear();
    }
}
