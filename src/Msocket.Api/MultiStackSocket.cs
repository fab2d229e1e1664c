using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using AddressFamily = System.Net.Sockets.AddressFamily;

namespace Vuos.Net.Msocket;

/// <summary>
/// msocket for .NET programs: sockets of a chosen network stack, and the process's default stack, under a
/// Vuos.Net supervisor (VUOS's syscall -5, see include/vuos/msocket.h). The sockets are ordinary
/// <see cref="Socket"/>s: everything after creation is plain .NET networking.
/// </summary>
public static unsafe class MultiStackSocket
{
    const long MsocketNr = -5;
    const int SockDefault = 0;
    const int SockCloexec = 0x80000;

    /// <summary>True when a supervisor answers msocket (outside one the kernel answers ENOSYS).</summary>
    public static bool IsSupervised => Call(null, 0, -1, 0).Errno != Errno.ENOSYS;

    /// <summary>A socket of the stack mounted at <paramref name="stackPath"/> (e.g. "/dev/net/lo"); null for the default stack.</summary>
    public static Socket Create(string? stackPath, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var fd = Msocket(stackPath, (int)family, (int)type | SockCloexec, (int)protocol);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>Makes <paramref name="stackPath"/> the default stack for <paramref name="family"/> (every family it supports when Unspecified).</summary>
    public static void SetDefault(string stackPath, AddressFamily family = AddressFamily.Unspecified) =>
        Msocket(stackPath, family == AddressFamily.Unspecified ? 0 : (int)family, SockDefault, 0);

    static nint Msocket(string? path, int domain, int type, int protocol)
    {
        var (result, errno) = Call(path, domain, type, protocol);
        if (errno == 0)
        {
            return (nint)result;
        }
        throw new SocketException(errno == Errno.ENOSYS ? (int)SocketError.OperationNotSupported : SocketErrorOf(errno),
            $"msocket({path ?? "NULL"}): {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    static (long Result, int Errno) Call(string? path, int domain, int type, int protocol)
    {
        var bytes = path is null ? null : Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var r = Libc.syscall(MsocketNr, (ulong)p, (ulong)(uint)domain, (ulong)(uint)type, (ulong)(uint)protocol, 0, 0);
            return r >= 0 ? (r, 0) : (r, Marshal.GetLastPInvokeError());
        }
    }

    static int SocketErrorOf(int errno) => errno switch
    {
        Errno.EAFNOSUPPORT => (int)SocketError.AddressFamilyNotSupported,
        Errno.ENOENT or Errno.ENOTSUP => (int)SocketError.InvalidArgument,
        _ => (int)SocketError.SocketError,
    };
}
