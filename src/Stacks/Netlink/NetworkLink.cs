namespace Vuos.Net.Stacks.Netlink;

/// <summary>One network interface of a namespace, as RTM_GETLINK reports it.</summary>
public sealed record NetworkLink(int Index, string Name, bool IsUp, int Mtu);
