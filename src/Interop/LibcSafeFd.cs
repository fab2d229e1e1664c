namespace Vuos.Net.Interop;

/// <summary>
/// The calls made on the supervisor's own descriptors, taking the <see cref="SafeFd"/> itself: each holds
/// it for the length of the call (<see cref="SafeFd.Hold"/>) and then makes the call of the same name on the
/// number.
/// </summary>
public static unsafe partial class Libc
{
    public static nint read(SafeFd fd, void* buf, nuint count)
    {
        using var held = fd.Hold();
        return read(held.Fd, buf, count);
    }

    public static nint write(SafeFd fd, void* buf, nuint count)
    {
        using var held = fd.Hold();
        return write(held.Fd, buf, count);
    }

    public static int fcntl(SafeFd fd, int cmd, long arg)
    {
        using var held = fd.Hold();
        return fcntl(held.Fd, cmd, arg);
    }

    public static int SetNonBlocking(SafeFd fd, bool on)
    {
        using var held = fd.Hold();
        return SetNonBlocking(held.Fd, on);
    }

    public static bool IsNonBlocking(SafeFd fd)
    {
        using var held = fd.Hold();
        return IsNonBlocking(held.Fd);
    }

    public static int ioctl(SafeFd fd, ulong request, void* arg)
    {
        using var held = fd.Hold();
        return ioctl(held.Fd, request, arg);
    }

    public static int fstat(SafeFd fd, out Stat st)
    {
        using var held = fd.Hold();
        return fstat(held.Fd, out st);
    }

    public static int connect(SafeFd fd, void* addr, uint addrlen)
    {
        using var held = fd.Hold();
        return connect(held.Fd, addr, addrlen);
    }

    public static nint send(SafeFd fd, void* buf, nuint len, int flags)
    {
        using var held = fd.Hold();
        return send(held.Fd, buf, len, flags);
    }

    public static nint sendmsg(SafeFd fd, MsgHdr* msg, int flags)
    {
        using var held = fd.Hold();
        return sendmsg(held.Fd, msg, flags);
    }

    public static nint recvmsg(SafeFd fd, MsgHdr* msg, int flags)
    {
        using var held = fd.Hold();
        return recvmsg(held.Fd, msg, flags);
    }

    public static int getsockopt(SafeFd fd, int level, int optname, void* optval, uint* optlen)
    {
        using var held = fd.Hold();
        return getsockopt(held.Fd, level, optname, optval, optlen);
    }

    public static int getsockopt<T>(SafeFd fd, int level, int optname, out T value)
        where T : unmanaged
    {
        using var held = fd.Hold();
        return getsockopt(held.Fd, level, optname, out value);
    }

    public static int setsockopt(SafeFd fd, int level, int optname, void* optval, uint optlen)
    {
        using var held = fd.Hold();
        return setsockopt(held.Fd, level, optname, optval, optlen);
    }

    public static int getsockname(SafeFd fd, void* addr, uint* addrlen)
    {
        using var held = fd.Hold();
        return getsockname(held.Fd, addr, addrlen);
    }

    public static int setns(SafeFd fd, int nstype)
    {
        using var held = fd.Hold();
        return setns(held.Fd, nstype);
    }

    public static int fstatat(SafeFd dirfd, string path, out Stat st, int flags)
    {
        using var held = dirfd.Hold();
        return fstatat(held.Fd, path, out st, flags);
    }

    public static int statx(SafeFd dirfd, string path, int flags, uint mask, out Statx stx)
    {
        using var held = dirfd.Hold();
        return statx(held.Fd, path, flags, mask, out stx);
    }

    public static int mknodat(SafeFd dirfd, string path, uint mode, ulong dev)
    {
        using var held = dirfd.Hold();
        return mknodat(held.Fd, path, mode, dev);
    }

    public static int unlinkat(SafeFd dirfd, string path, int flags)
    {
        using var held = dirfd.Hold();
        return unlinkat(held.Fd, path, flags);
    }

    public static int fchmodat(SafeFd dirfd, string path, uint mode, int flags)
    {
        using var held = dirfd.Hold();
        return fchmodat(held.Fd, path, mode, flags);
    }

    public static int bind(SafeFd fd, void* addr, uint addrlen)
    {
        using var held = fd.Hold();
        return bind(held.Fd, addr, addrlen);
    }

    public static int listen(SafeFd fd, int backlog)
    {
        using var held = fd.Hold();
        return listen(held.Fd, backlog);
    }

    public static int accept4(SafeFd fd, void* addr, uint* addrlen, int flags)
    {
        using var held = fd.Hold();
        return accept4(held.Fd, addr, addrlen, flags);
    }

    public static nint recv(SafeFd fd, void* buf, nuint len, int flags)
    {
        using var held = fd.Hold();
        return recv(held.Fd, buf, len, flags);
    }

    public static nint recvfrom(SafeFd fd, void* buf, nuint len, int flags, void* addr, uint* addrlen)
    {
        using var held = fd.Hold();
        return recvfrom(held.Fd, buf, len, flags, addr, addrlen);
    }

    public static int getpeername(SafeFd fd, void* addr, uint* addrlen)
    {
        using var held = fd.Hold();
        return getpeername(held.Fd, addr, addrlen);
    }

    public static int pidfd_getfd(SafeFd pidfd, int targetfd, uint flags)
    {
        using var held = pidfd.Hold();
        return pidfd_getfd(held.Fd, targetfd, flags);
    }
}
