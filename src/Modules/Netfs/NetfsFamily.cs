using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>A family directory of the tree (PatchworkOS's local, and inet and inet6 for the IP stacks).</summary>
public sealed record NetfsFamily(int Index, string Name, int Domain)
{
    public static readonly IReadOnlyList<NetfsFamily> All =
    [
        new(0, "local", AddressFamily.Unix),
        new(1, "inet", AddressFamily.Inet),
        new(2, "inet6", AddressFamily.Inet6),
    ];

    /// <summary>The factory files, in PatchworkOS's order; each creates a socket of its type.</summary>
    public static readonly IReadOnlyList<(string Name, int Type)> Factories =
        [("stream", 1), ("dgram", 2), ("seqpacket", 5), ("raw", 3), ("rdm", 4)];

    public static NetfsFamily? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The protocol a factory's socket is made with: raw IP sockets need one, everything else takes the default.</summary>
    public int ProtocolFor(int type) => type == 3 && Domain != AddressFamily.Unix ? 255 /* IPPROTO_RAW */ : 0;
}
