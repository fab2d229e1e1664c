using Vuos.Net.Interop;

namespace Vuos.Net.Stacks;

/// <summary>The address families a stack serves, and their names as VUOS's vustack spells them (or numbers).</summary>
public static class AddressFamilies
{
    /// <summary>The families whose sockets a namespace stack creates: socket() for these goes to the default stack.</summary>
    public static readonly IReadOnlyList<int> Routed =
        [AddressFamily.Unix, AddressFamily.Inet, AddressFamily.Inet6, AddressFamily.Netlink, AddressFamily.Packet];

    static readonly Dictionary<string, int> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unix"] = AddressFamily.Unix,
        ["local"] = AddressFamily.Unix,
        ["inet"] = AddressFamily.Inet,
        ["ip"] = AddressFamily.Inet,
        ["ipv4"] = AddressFamily.Inet,
        ["inet6"] = AddressFamily.Inet6,
        ["ipv6"] = AddressFamily.Inet6,
        ["netlink"] = AddressFamily.Netlink,
        ["packet"] = AddressFamily.Packet,
    };

    public static string Known => "inet, inet6, ip, ipv4, ipv6, netlink, packet, unix";

    public static string NameOf(int family) => family switch
    {
        AddressFamily.Unix => "unix",
        AddressFamily.Inet => "inet",
        AddressFamily.Inet6 => "inet6",
        AddressFamily.Netlink => "netlink",
        AddressFamily.Packet => "packet",
        _ => family.ToString(),
    };

    /// <summary>Parses "inet,inet6,17"; null with a message naming the bad word otherwise.</summary>
    public static List<int>? Parse(string list, out string? error)
    {
        error = null;
        var result = new List<int>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Names.TryGetValue(item, out var family) && !(int.TryParse(item, out family) && family is > 0 and < 64))
            {
                error = $"unknown address family '{item}' (known: {Known}, or a number)";
                return null;
            }
            if (!result.Contains(family))
            {
                result.Add(family);
            }
        }
        if (result.Count == 0)
        {
            error = "empty list of address families";
            return null;
        }
        return result;
    }
}
