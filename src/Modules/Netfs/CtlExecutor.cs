using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Runs a ctl write's commands on a socket, in order: `bind ADDR`, `listen [BACKLOG]` (128 by default),
/// `connect ADDR`. The first failure ends the write with its errno; commands before it stay applied.
/// Unknown command ENOENT, wrong number of arguments EINVAL (PatchworkOS's EUNKNOWNCTL has no Linux number);
/// as PatchworkOS: `listen 0` EINVAL, the backlog read as C's strtoull reads it (`5abc` is 5, `-1` wraps) and
/// capped at 128, `listen` or `connect` a second time EINVAL, a local connect to a full backlog ECONNREFUSED.
/// Other socket errors as Linux gives them.
/// </summary>
public static unsafe class CtlExecutor
{
    public const int DefaultBacklog = 128;

    /// <param name="nonBlocking">ctl opened with O_NONBLOCK (or :nonblock): connect does not wait, as on a non-blocking socket.</param>
    public static void Run(NetfsSocket socket, IReadOnlyList<CtlCommand> commands, string? workingDirectory, bool nonBlocking,
        CancellationToken interrupted)
    {
        lock (socket.Gate)
        {
            foreach (var command in commands)
            {
                switch (command.Name)
                {
                    case "bind":
                        Arity(command, 1, 1);
                        Bind(socket, command.Arguments[0], workingDirectory);
                        break;
                    case "listen":
                        Arity(command, 0, 1);
                        Listen(socket, command.Arguments.Count == 0 ? DefaultBacklog : ParseBacklog(command.Arguments[0]));
                        break;
                    case "connect":
                        Arity(command, 1, 1);
                        Connect(socket, command.Arguments[0], workingDirectory, nonBlocking, interrupted);
                        break;
                    default:
                        throw new ErrnoException($"ctl: unknown command '{command.Name}'", Errno.ENOENT);
                }
            }
        }
    }

    static void Arity(CtlCommand command, int min, int max)
    {
        if (command.Arguments.Count < min || command.Arguments.Count > max)
        {
            throw new ErrnoException($"ctl: {command.Name} takes {(min == max ? $"{min}" : $"{min} to {max}")} argument(s)", Errno.EINVAL);
        }
    }

    /// <summary>strtoull's reading (leading blanks, a sign, the digits up to the first other character; a minus wraps), then PatchworkOS's rules.</summary>
    static int ParseBacklog(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        var negative = i < text.Length && text[i] == '-';
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }
        ulong value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            value = unchecked(value * 10 + (ulong)(text[i] - '0'));
        }
        if (negative)
        {
            value = unchecked(0 - value);
        }
        return value == 0
            ? throw new ErrnoException("ctl: listen backlog 0", Errno.EINVAL)
            : (int)Math.Min(value, (ulong)DefaultBacklog);
    }

    static void Bind(NetfsSocket socket, string address, string? cwd)
    {
        var sa = NetfsAddress.Parse(socket.Family, address, cwd);
        fixed (byte* p = sa)
        {
            ErrnoException.Check(Libc.bind(socket.Socket, p, (uint)sa.Length), "bind");
        }
        // addrs shows where an inet socket really is (the port bind picked for :0), as PatchworkOS's does.
        socket.Bound(socket.Family.Domain is AddressFamily.Inet or AddressFamily.Inet6 ? BoundAddress(socket) ?? address : NetfsAddress.Kept(address));
    }

    /// <summary>The socket's own address as addrs writes it: 127.0.0.1:43121, [::1]:43121.</summary>
    static string? BoundAddress(NetfsSocket socket)
    {
        var sa = stackalloc byte[28];
        uint length = 28;
        if (Libc.getsockname(socket.Socket, sa, &length) != 0)
        {
            return null;
        }
        var port = (sa[2] << 8) | sa[3];
        return *(ushort*)sa == AddressFamily.Inet
            ? $"{new System.Net.IPAddress(new ReadOnlySpan<byte>(sa + 4, 4))}:{port}"
            : $"[{new System.Net.IPAddress(new ReadOnlySpan<byte>(sa + 8, 16))}]:{port}";
    }

    static void Listen(NetfsSocket socket, int backlog)
    {
        if (socket.IsListening)
        {
            throw new ErrnoException("ctl: already listening", Errno.EINVAL);
        }
        ErrnoException.Check(Libc.listen(socket.Socket, backlog), "listen");
        // accept files wait with poll and take connections without blocking the supervisor.
        var flags = Libc.fcntl(socket.Socket, FcntlCmd.GetFl, 0);
        Libc.fcntl(socket.Socket, FcntlCmd.SetFl, flags | OpenFlags.NonBlock);
        socket.Listening();
    }

    /// <summary>A connect that a signal to the writer interrupts (FUSE_INTERRUPT), as a blocking connect would be.</summary>
    static void Connect(NetfsSocket socket, string address, string? cwd, bool nonBlocking, CancellationToken interrupted)
    {
        if (socket.ConnectAttempted)
        {
            throw new ErrnoException("ctl: already connected", Errno.EINVAL);
        }
        var sa = NetfsAddress.Parse(socket.Family, address, cwd);
        var fd = socket.Socket;
        var flags = Libc.fcntl(fd, FcntlCmd.GetFl, 0);
        Libc.fcntl(fd, FcntlCmd.SetFl, flags | OpenFlags.NonBlock);
        try
        {
            int r;
            fixed (byte* p = sa)
            {
                r = Libc.connect(fd, p, (uint)sa.Length);
            }
            if (r == 0)
            {
                socket.Connected();
                return;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN && socket.Family.Domain == SocketConst.AF_UNIX)
            {
                // A unix listener's queue is full: Linux would wait, PatchworkOS refuses.
                throw new ErrnoException("connect: the listener's backlog is full", Errno.ECONNREFUSED);
            }
            if (errno is not (Errno.EINPROGRESS or Errno.EAGAIN) || nonBlocking || (flags & OpenFlags.NonBlock) != 0)
            {
                throw new ErrnoException("connect", errno);
            }
            var pfd = new PollFd { Fd = fd.Fd, Events = PollEvents.POLLOUT };
            while (Libc.poll(&pfd, 1, 50) <= 0)
            {
                if (interrupted.IsCancellationRequested)
                {
                    throw new ErrnoException("connect", Errno.EINTR);
                }
            }
            _ = Libc.getsockopt(fd, SocketConst.SOL_SOCKET, SocketOption.SO_ERROR, out int error);
            if (error != 0)
            {
                throw new ErrnoException("connect", error);
            }
            socket.Connected();
        }
        finally
        {
            Libc.fcntl(fd, FcntlCmd.SetFl, flags);
        }
    }
}
