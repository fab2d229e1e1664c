using System.Runtime.InteropServices;
using System.Text;

namespace Vuos.Net.Interop;

/// <summary>
/// The tun/tap driver (linux/if_tun.h). A tap created through TUNSETIFF lives in the network namespace of the
/// calling thread, and lives as long as the returned descriptor: the caller picks the namespace with setns
/// before the call, and the device vanishes with the last close.
/// </summary>
public static unsafe class Tun
{
    public const ulong TUNSETIFF = 0x400454ca;
    public const short IFF_TUN = 0x0001;
    public const short IFF_TAP = 0x0002;
    public const short IFF_NO_PI = 0x1000;

    /// <summary>IFNAMSIZ, including the terminating NUL.</summary>
    public const int InterfaceNameSize = 16;

    /// <summary>Creates (or attaches to) the tap <paramref name="name"/> in the calling thread's namespace; frames carry no packet-info header.</summary>
    public static SafeFd OpenTap(string name, bool nonBlocking = false) =>
        Open(name, IFF_TAP | IFF_NO_PI, nonBlocking);

    internal static SafeFd Open(string name, short flags, bool nonBlocking)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length is 0 or >= InterfaceNameSize)
        {
            throw new ArgumentException($"interface name '{name}' must have 1 to {InterfaceNameSize - 1} characters", nameof(name));
        }
        var openFlags = OpenFlags.ReadWrite | OpenFlags.CloExec | (nonBlocking ? OpenFlags.NonBlock : 0);
        var fd = new SafeFd(ErrnoException.Check(Libc.open("/dev/net/tun", openFlags, 0), "open /dev/net/tun"));
        try
        {
            var req = default(IfReq);
            nameBytes.CopyTo(new Span<byte>(req.Name, InterfaceNameSize));
            req.Flags = flags;
            ErrnoException.Check(Libc.ioctl(fd, TUNSETIFF, &req), $"ioctl TUNSETIFF {name}");
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }
}

/// <summary>struct ifreq: the interface name, then a union of which only ifr_flags is used here.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
unsafe struct IfReq
{
    [FieldOffset(0)] public fixed byte Name[Tun.InterfaceNameSize];
    [FieldOffset(16)] public short Flags;
}
