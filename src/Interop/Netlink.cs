using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>struct nlmsghdr: starts every netlink message, requests and replies alike.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NlMsgHdr
{
    public uint Length;
    public ushort Type;
    public ushort Flags;
    public uint Seq;
    public uint Pid;
}

/// <summary>struct ifinfomsg (RTM_*LINK).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}

/// <summary>struct ifaddrmsg (RTM_*ADDR).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public uint Index;
}

/// <summary>struct rtmsg (RTM_*ROUTE).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RtMsg
{
    public byte Family;
    public byte DstLength;
    public byte SrcLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct rtattr: a type-length-value attribute; the value follows the 4-byte header.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RtAttr
{
    public ushort Length;
    public ushort Type;
}

/// <summary>Netlink socket and message-level constants (linux/netlink.h); the address family is AddressFamily.Netlink.</summary>
public static class NetlinkConst
{
    public const int SOCK_RAW = 3;
    public const int NETLINK_ROUTE = 0;

    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    public const ushort NLM_F_REQUEST = 0x01;
    public const ushort NLM_F_MULTI = 0x02;
    public const ushort NLM_F_ACK = 0x04;
    public const ushort NLM_F_DUMP_INTR = 0x10;
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;

    /// <summary>The attribute type bits; the top two flag nested and network-byte-order attributes.</summary>
    public const ushort NLA_TYPE_MASK = 0x3fff;

    /// <summary>NLMSG_ALIGN and RTA_ALIGN: messages and attributes both start on 4-byte boundaries.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}

/// <summary>rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, if.h).</summary>
public static class RtNetlinkConst
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;

    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_BROADCAST = 2;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;

    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_FLAGS = 8;

    public const byte IFA_F_NODAD = 0x02;

    public const ushort RTA_DST = 1;
    public const ushort RTA_SRC = 2;
    public const ushort RTA_IIF = 3;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_TABLE = 15;

    public const byte RT_TABLE_MAIN = 254;
    public const byte RTPROT_BOOT = 3;
    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_LINK = 253;
    public const byte RT_SCOPE_HOST = 254;
    public const byte RTN_UNICAST = 1;

    public const uint IFF_UP = 0x1;
    public const uint IFF_LOOPBACK = 0x8;
}
