using Serilog;
using Vuos.Net.Fuse;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The session's netfs tree: a FUSE mount vuos-nshelper made in the session's mount namespace (at /net by
/// default), served here. It exists only in that namespace, so no other session and nothing on the host
/// sees it, and it goes away with the namespace's last process, also when the supervisor is killed.
/// </summary>
public sealed class NetfsMount : IDisposable
{
    readonly FuseServer server;

    NetfsMount(FuseServer server, string mountPoint)
    {
        this.server = server;
        MountPoint = mountPoint;
    }

    /// <summary>Where the tree is, in the session's mount namespace.</summary>
    public string MountPoint { get; }

    public static NetfsMount Serve(IFuseFileSystem tree, SafeFd device, string mountPoint, ILogger log)
    {
        var server = new FuseServer(tree, mountPoint, log, mountedDevice: device);
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return new NetfsMount(server, mountPoint);
    }

    public void Dispose() => server.Dispose();
}
