using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// The xv6 localhost port API (seed 003): listen(port), connect(port, host), send(port, buf, n),
/// recv(port, buf, n), disconnect(port), with the seed's semantics and error codes. Ports are real TCP ports on
/// 127.0.0.1 of the caller's default inet stack, so a plain TCP client can talk to an xv6 server. listen waits
/// for its one client; send waits until an xv6 peer has read the previous message; recv waits for data. Those
/// waits are blocking calls of the engine's: a signal interrupts them as it would a kernel call.
/// </summary>
public sealed unsafe class Xv6Module(MsocketSession session) : ISyscallModule, IDisposable
{
    const int SolSocket = 1, SoReuseAddr = 2, SockStream = 1;
    const int MsgDontWait = 0x40, MsgNoSignal = 0x4000;
    const ulong Fionread = 0x541B;

    readonly Xv6Ports ports = new();

    public string Name => "xv6";

    public void Register(HookRegistry hooks)
    {
        hooks.On("xv6_listen", HookMode.Notify, Listen);
        hooks.On("xv6_connect", HookMode.Notify, Connect);
        hooks.On("xv6_send", HookMode.Notify, Send);
        hooks.On("xv6_recv", HookMode.Notify, Recv);
        hooks.On("xv6_disconnect", HookMode.Notify, Disconnect);
    }

    static void Error(SyscallContext call, int code) => call.Return(-code);

    void Own(SyscallContext call) => call.Process.GetState(() => new Xv6Ownership(ports, call.Process.Tgid));

    /// <summary>A TCP socket in the caller's default inet stack (the host's when it has none).</summary>
    (SafeFd Socket, string Stack) NewSocket(SyscallContext call)
    {
        var mount = session.DefaultsOf(call.Process).For(AddressFamily.Inet);
        if (mount is null || mount.IsHost)
        {
            return (new SafeFd(ErrnoException.Check(Libc.socket(AddressFamily.Inet, SockStream | SocketConst.SOCK_CLOEXEC, 0), "socket")), mount?.Path ?? "host");
        }
        return (mount.Stack.CreateSocket(AddressFamily.Inet, SockStream, 0), mount.Path);
    }

    static byte[] Loopback(int port)
    {
        var sa = new byte[16];
        sa[0] = AddressFamily.Inet;
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), (ushort)port);
        sa[4] = 127;
        sa[7] = 1;
        return sa;
    }

    /// <summary>The TCP port of a connected socket's own end, or of its peer's.</summary>
    static int PortOf(SafeFd fd, bool peer)
    {
        var sa = stackalloc byte[16];
        uint length = 16;
        _ = peer ? Libc.getpeername(fd.Fd, sa, &length) : Libc.getsockname(fd.Fd, sa, &length);
        return BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(sa + 2, 2));
    }

    static bool ValidPort(int port) => port is > 0 and <= 65535;

    void Listen(SyscallContext call)
    {
        var port = call.ArgInt(0);
        if (!ValidPort(port))
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        if (ports.Count >= Xv6Abi.MaxSockets)
        {
            Error(call, Xv6Abi.Fail);
            return;
        }
        var (listener, stack) = NewSocket(call);
        var one = 1;
        Libc.setsockopt(listener.Fd, SolSocket, SoReuseAddr, &one, sizeof(int));
        var sa = Loopback(port);
        int bound;
        fixed (byte* p = sa)
        {
            bound = Libc.bind(listener.Fd, p, (uint)sa.Length);
        }
        var socket = new Xv6Socket(port, call.Process.Tgid, stack) { Listener = listener };
        if (bound < 0 || Libc.listen(listener.Fd, 1) < 0 || !ports.TryAdd(socket))
        {
            // The port is taken (by another xv6 socket or any other program): the seed's E_ACCESS_DENIED.
            socket.Dispose();
            Error(call, Xv6Abi.AccessDenied);
            return;
        }
        Libc.fcntl(listener.Fd, FcntlCmd.SetFl, OpenFlags.NonBlock);
        Own(call);
        call.Note = $"port {port} in stack {stack}";
        call.Wait(new ListenWait(ports, socket));
    }

    void Connect(SyscallContext call)
    {
        var port = call.ArgInt(0);
        string host;
        try
        {
            host = call.Memory.ReadPath(call.Arg(1));
        }
        catch (ErrnoException)
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        if (!ValidPort(port) || host is not ("localhost" or "127.0.0.1"))
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        if (ports.Count >= Xv6Abi.MaxSockets)
        {
            Error(call, Xv6Abi.Fail);
            return;
        }
        var server = ports.Find(port);
        if (server is not null && (server.State != Xv6State.Listening || !server.TryClaim()))
        {
            // One client per server: the server already has its client.
            Error(call, Xv6Abi.WrongState);
            return;
        }
        var (fd, stack) = NewSocket(call);
        var sa = Loopback(port);
        int r;
        fixed (byte* p = sa)
        {
            r = Libc.connect(fd.Fd, p, (uint)sa.Length);
        }
        if (r < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            server?.Unclaim();
            Error(call, errno == 111 /* ECONNREFUSED */ ? Xv6Abi.NotFound : Xv6Abi.Fail);
            return;
        }
        var local = new Xv6Socket(PortOf(fd, peer: false), call.Process.Tgid, stack) { Connection = fd, State = Xv6State.Connected, PeerPort = port };
        if (!ports.TryAdd(local))
        {
            local.Dispose();
            Error(call, Xv6Abi.Fail);
            return;
        }
        Own(call);
        call.Note = $"port {local.Port} in stack {stack}";
        call.Return(local.Port);
    }

    /// <summary>The caller's connected socket at port, or the seed's error for why not.</summary>
    Xv6Socket? Connected(SyscallContext call, int port)
    {
        var socket = ValidPort(port) ? ports.Find(port) : null;
        int? error = socket is null ? (ValidPort(port) ? Xv6Abi.NotFound : Xv6Abi.InvalidArg)
            : socket.OwnerTgid != call.Process.Tgid ? Xv6Abi.AccessDenied
            : socket.State != Xv6State.Connected ? Xv6Abi.WrongState
            : null;
        if (error is { } e)
        {
            Error(call, e);
            return null;
        }
        return socket;
    }

    void Send(SyscallContext call)
    {
        if (Connected(call, call.ArgInt(0)) is not { } socket)
        {
            return;
        }
        var n = call.ArgInt(2);
        if (n < 0 || n > 1 << 20)
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        var data = new byte[n];
        try
        {
            call.Memory.Read(call.Arg(1), data);
        }
        catch (ErrnoException)
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        call.Wait(new SendWait(ports, socket, data));
    }

    void Recv(SyscallContext call)
    {
        if (Connected(call, call.ArgInt(0)) is not { } socket)
        {
            return;
        }
        var n = call.ArgInt(2);
        if (n <= 0 || n > 1 << 20)
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        call.Wait(new RecvWait(socket, call.Memory, call.Arg(1), n));
    }

    void Disconnect(SyscallContext call)
    {
        var port = call.ArgInt(0);
        var socket = ValidPort(port) ? ports.Find(port) : null;
        if (socket is null)
        {
            Error(call, ValidPort(port) ? Xv6Abi.NotFound : Xv6Abi.InvalidArg);
            return;
        }
        if (socket.OwnerTgid != call.Process.Tgid)
        {
            Error(call, Xv6Abi.AccessDenied);
            return;
        }
        ports.Remove(socket);
        call.Return(0);
    }

    public void Dispose() => ports.Dispose();

    /// <summary>listen's wait for its one client; then the port holds the connection and the listener closes.</summary>
    sealed class ListenWait(Xv6Ports ports, Xv6Socket socket) : IBlockingWait
    {
        public int PollFd => socket.Listener?.Fd ?? -1;

        public short PollEvents => 1;

        public bool TryComplete(DeferredReply reply)
        {
            var fd = Libc.accept4(socket.Listener!.Fd, null, null, SocketConst.SOCK_CLOEXEC);
            if (fd < 0)
            {
                return false;
            }
            socket.Connection = new SafeFd(fd);
            socket.Listener.Dispose();
            socket.Listener = null;
            socket.State = Xv6State.Connected;
            socket.PeerPort = ports.Find(PortOf(socket.Connection, peer: true))?.Port ?? -1;
            reply.Return(0);
            return true;
        }

        public void Cancel() => ports.Remove(socket);
    }

    /// <summary>send's wait: until an xv6 peer has read what came before (the seed's one-message buffer), then the write.</summary>
    sealed class SendWait(Xv6Ports ports, Xv6Socket socket, byte[] data) : IBlockingWait
    {
        public int PollFd => -1;

        public short PollEvents => 0;

        public bool TryComplete(DeferredReply reply)
        {
            if (ports.Find(socket.PeerPort) is { Connection: { } peer } && Unread(peer) > 0)
            {
                return false;
            }
            fixed (byte* p = data)
            {
                var sent = data.Length == 0 ? 0 : Libc.send(socket.Connection!.Fd, p, (nuint)data.Length, MsgNoSignal);
                if (sent < 0)
                {
                    reply.Return(-Xv6Abi.ConnectionResetByRemote);
                    return true;
                }
            }
            reply.Return(0);
            return true;
        }

        static int Unread(SafeFd fd)
        {
            var n = 0;
            Libc.ioctl(fd.Fd, Fionread, &n);
            return n;
        }

        public void Cancel()
        {
        }
    }

    /// <summary>recv's wait for data: copies what arrived (NUL-terminated when it fits); end of stream is E_CONNECTION_RESET_BY_REMOTE.</summary>
    sealed class RecvWait(Xv6Socket socket, TraceeMemory memory, ulong buffer, int size) : IBlockingWait
    {
        public int PollFd => socket.Connection?.Fd ?? -1;

        public short PollEvents => 1;

        public bool TryComplete(DeferredReply reply)
        {
            var data = new byte[size];
            nint n;
            fixed (byte* p = data)
            {
                n = Libc.recv(socket.Connection!.Fd, p, (nuint)size, MsgDontWait);
            }
            if (n < 0 && Marshal.GetLastPInvokeError() == Errno.EAGAIN)
            {
                return false;
            }
            if (n <= 0)
            {
                reply.Return(-Xv6Abi.ConnectionResetByRemote);
                return true;
            }
            try
            {
                memory.Write(buffer, data.AsSpan(0, (int)n));
                if (n < size)
                {
                    memory.Write(buffer + (ulong)n, (byte)0);
                }
                reply.Return(0);
            }
            catch (ErrnoException)
            {
                reply.Return(-Xv6Abi.InvalidArg);
            }
            return true;
        }

        public void Cancel()
        {
        }
    }

}
