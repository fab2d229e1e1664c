namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// A path a tracee named that falls inside netfs: its place in the tree ("/inet/3/accept"), the path flags
/// after the name (":nonblock" or ":n"), and whether it came through the virtual root (/net, which exists
/// only for supervised processes and must be served by the supervisor) or through the mount itself.
/// </summary>
public sealed record NetfsTarget(string TreePath, bool NonBlocking, bool ViaVirtualRoot, int Error)
{
    /// <summary>True when a path under the virtual root leads out of it ("/net/.."): TreePath is then the real path.</summary>
    public bool Outside { get; init; }

    public string[] Parts => TreePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits "accept:nonblock" into the name and its flags; unknown flags are EINVAL, as PatchworkOS has it.</summary>
    public static (string Name, bool NonBlocking, int Error) SplitFlags(string component)
    {
        var colon = component.IndexOf(':');
        if (colon < 0)
        {
            return (component, false, 0);
        }
        var nonBlocking = false;
        foreach (var flag in component[(colon + 1)..].Split(':'))
        {
            if (flag is "nonblock" or "n")
            {
                nonBlocking = true;
            }
            else
            {
                return (component[..colon], false, Vuos.Net.Interop.Errno.EINVAL);
            }
        }
        return (component[..colon], nonBlocking, 0);
    }
}
