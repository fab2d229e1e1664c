namespace Vuos.Net.Modules.Netfs;

/// <summary>PatchworkOS's path flags: "accept:nonblock" (or ":n") names the accept file opened non-blocking.</summary>
public static class NetfsPathFlags
{
    /// <summary>Splits "accept:nonblock" into the name and its flags; unknown flags are EINVAL, as PatchworkOS has it.</summary>
    public static (string Name, bool NonBlocking, int Error) Split(string component)
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
