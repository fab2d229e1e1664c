namespace Vuos.Net.Vustack;

/// <summary>The family names vustack -f accepts, as VUOS spells them, or plain numbers.</summary>
static class AddressFamilies
{
    static readonly Dictionary<string, int> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unix"] = 1,
        ["local"] = 1,
        ["inet"] = 2,
        ["ip"] = 2,
        ["ipv4"] = 2,
        ["inet6"] = 10,
        ["ipv6"] = 10,
        ["netlink"] = 16,
        ["packet"] = 17,
    };

    public static string NameOf(int family) => Names.FirstOrDefault(kv => kv.Value == family).Key ?? family.ToString();

    /// <summary>Parses "inet,inet6,17"; returns null and an error message for an unknown name.</summary>
    public static List<int>? Parse(string list, out string? error)
    {
        error = null;
        var result = new List<int>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Names.TryGetValue(item, out var family) || (int.TryParse(item, out family) && family is > 0 and < 64))
            {
                if (!result.Contains(family))
                {
                    result.Add(family);
                }
                continue;
            }
            error = $"unknown address family '{item}' (known: {string.Join(", ", Names.Keys)}, or a number)";
            return null;
        }
        return result.Count > 0 ? result : null;
    }
}
