using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Stacks;
using Vuos.Net.Stacks.Slirp;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// bypass4netns's idea on slirp stacks: a TCP connect() from inside the stack to the host (the gateway) or beyond
/// is served by a socket of the host's network, made and connected by the supervisor, which then takes the place
/// of the program's socket (same descriptor number, with its options and flags). Its data then takes the kernel's
/// path instead of libslirp's. The program keeps the stack's view: getpeername shows the address it connected to,
/// getsockname the stack's address. What stays in the stack and where a host socket connects is
/// <see cref="BypassPolicy"/>'s decision.
///
/// Only a session whose command starts living in a bypassing slirp stack watches connect() (and getsockname and
/// getpeername): other sessions pay nothing. See docs/ARCHITECTURE.md, "Bypass".
/// </summary>
public sealed class BypassModule(MsocketSession session, ILogger diag) : ISyscallModule, IDisposable
{
    readonly ConcurrentDictionary<StackMount, (BypassPolicy? Policy, ulong NetnsCookie)> stacks = new();
    readonly SocketOptionCopy options = new();
    readonly ILogger log = diag.ForContext<BypassModule>();
    FailedConnectSeal? seal;
    BypassedSockets? bypassed;

    public string Name => "bypass";

    /// <summary>Whether a session with these stacks needs the module: its command starts in a slirp stack whose bypass is on.</summary>
    public static bool Wanted(MsocketSession session) =>
        session.InitialResidence is { Spec.Kind: StackKind.Slirp } residence && PolicyOf(residence) is not null;

    public void Register(HookRegistry hooks)
    {
        bypassed = new BypassedSockets(hooks.Processes);
        seal = new FailedConnectSeal(log);
        hooks.On("connect", HookMode.Notify, OnConnect);
        hooks.On("getsockname", HookMode.Notify, call => OnName(call, peer: false));
        hooks.On("getpeername", HookMode.Notify, call => OnName(call, peer: true));
    }

    void OnConnect(SyscallContext call)
    {
        var (fd, address, length) = (call.ArgInt(0), call.Arg(1), call.ArgInt(2));
        var residence = session.DefaultsOf(call.Process).Residence;
        var (policy, netnsCookie) = residence is null ? (null, 0UL) : StackOf(residence);
        var (family, named) = InetEndpoint.ReadConnectAddress(call.Memory, address, length);
        if (family == AddressFamily.Unspec && bypassed!.Find(call.Process.Tgid, fd) is var (entry, disconnected))
        {
            Disconnect(call, fd, entry, disconnected);
            return;
        }
        if (policy is null || named is not { } destination)
        {
            call.Continue();
            return;
        }
        var target = policy.HostTarget(destination);
        if (target is null)
        {
            // A host socket must never connect where the stack's rules do not lead (its loopback is the host's).
            if (bypassed!.Find(call.Process.Tgid, fd) is var (_, hostSocket))
            {
                hostSocket.Dispose();
                call.Note = "bypass: a host socket cannot reach the stack";
                call.Fail(Errno.ENETUNREACH);
                return;
            }
            call.Continue();
            return;
        }
        SafeFd socket;
        try
        {
            socket = TraceeDescriptors.Duplicate(call.Process.Tgid, fd);
        }
        catch (ErrnoException)
        {
            call.Continue(); // EBADF and the like are the kernel's to report
            return;
        }
        using (socket)
        {
            var ours = NetnsCookieOf(socket) == netnsCookie || bypassed!.Find(call.Process.Tgid, fd) is var (_, known) && Dispose(known);
            if (!ours || !IsUnusedTcpSocket(socket, destination.Family))
            {
                call.Continue();
                return;
            }
            Connect(call, fd, socket, residence!, policy, destination, target.Value);
        }
    }

    /// <summary>
    /// connect(AF_UNSPEC) on a bypassed socket: the kernel would make the host socket an unconnected one, free to
    /// bind and listen on the host's network or to reach it with sendto(MSG_FASTOPEN), which no hook sees. The
    /// program gets instead a new, unconnected socket of the stack at the same number, with its options and flags, which
    /// is what a disconnected socket of the stack would be.
    /// </summary>
    void Disconnect(SyscallContext call, int fd, BypassedSocket entry, SafeFd host)
    {
        using (host)
        {
            SafeFd fresh;
            try
            {
                fresh = entry.Stack.Stack.CreateSocket(entry.StackPeer.Family, SocketConst.SOCK_STREAM, 0);
            }
            catch (ErrnoException e)
            {
                call.Fail(e.Errno);
                return;
            }
            options.Copy(host, fresh, entry.Stack, entry.StackPeer.Family, () => entry.Stack.Stack.CreateSocket(entry.StackPeer.Family, SocketConst.SOCK_STREAM, 0));
            _ = Libc.SetNonBlocking(fresh, Libc.IsNonBlocking(host));
            call.Note = "bypass: disconnected, a socket of the stack again";
            call.ReplaceFd(fd, fresh, CloseOnExec(call.Process.Tgid, fd), 0);
        }
    }

    static bool Dispose(SafeFd fd)
    {
        fd.Dispose();
        return true;
    }

    /// <summary>Makes the host socket, connects it, and hands it over now (connected, or connecting for a non-blocking socket) or once connected.</summary>
    unsafe void Connect(SyscallContext call, int fd, SafeFd socket, StackMount residence, BypassPolicy policy, InetEndpoint destination, InetEndpoint target)
    {
        var host = new SafeFd(Libc.socket(target.Family, SocketConst.SOCK_STREAM | SocketConst.SOCK_NONBLOCK | SocketConst.SOCK_CLOEXEC, SocketConst.IPPROTO_TCP));
        if (host.Fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            host.SetHandleAsInvalid();
            call.Fail(errno);
            return;
        }
        options.Copy(socket, host, residence, target.Family, () => residence.Stack.CreateSocket(target.Family, SocketConst.SOCK_STREAM, 0));
        var nonBlocking = Libc.IsNonBlocking(socket);
        var closeOnExec = CloseOnExec(call.Process.Tgid, fd);
        var sockaddr = target.ToSockaddr();
        int result;
        fixed (byte* p = sockaddr)
        {
            result = Libc.connect(host, p, (uint)sockaddr.Length);
        }
        var error = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        call.Note = $"bypass: host socket to {target}";
        if (error is not (0 or Errno.EINPROGRESS))
        {
            host.Dispose();
            call.Fail(error);
            return;
        }
        void Connected(SafeFd connected) => Remember(connected, residence, policy, destination);
        if (error == 0 || nonBlocking)
        {
            if (!nonBlocking)
            {
                _ = Libc.SetNonBlocking(host, false);
            }
            Remember(host, residence, policy, destination);
            if (error == Errno.EINPROGRESS)
            {
                seal!.Watch(new SafeFd(ErrnoException.Check(Libc.fcntl(host, FcntlCmd.DupFdCloExec, 0), "dup")));
            }
            call.ReplaceFd(fd, host, closeOnExec, -error);
            return;
        }
        call.Wait(new ConnectWait(host, sockaddr, fd, closeOnExec, Connected));
    }

    void Remember(SafeFd host, StackMount residence, BypassPolicy policy, InetEndpoint destination)
    {
        var local = InetEndpoint.LocalOf(host) ?? new InetEndpoint(destination.Family == AddressFamily.Inet ? System.Net.IPAddress.Any : System.Net.IPAddress.IPv6Any, 0);
        bypassed!.Add(host, new BypassedSocket(BypassedSockets.CookieOf(host), policy.StackLocal(local), destination, residence));
    }

    /// <summary>getsockname and getpeername of a bypassed socket: the stack's view.</summary>
    void OnName(SyscallContext call, bool peer)
    {
        var (fd, address, lengthAddress) = (call.ArgInt(0), call.Arg(1), call.Arg(2));
        if (bypassed!.Find(call.Process.Tgid, fd) is not var (entry, socket))
        {
            call.Continue();
            return;
        }
        using (socket)
        {
            if (peer && !InetEndpoint.HasPeer(socket))
            {
                call.Fail(Errno.ENOTCONN);
                return;
            }
            var sockaddr = (peer ? entry.StackPeer : entry.StackLocal).ToSockaddr();
            var room = call.Memory.Read<int>(lengthAddress);
            if (room < 0)
            {
                call.Fail(Errno.EINVAL);
                return;
            }
            call.Memory.Write(address, sockaddr.AsSpan(0, Math.Min(room, sockaddr.Length)));
            call.Memory.Write(lengthAddress, sockaddr.Length);
            call.Note = "bypass: the stack's view";
            call.Return(0);
        }
    }

    /// <summary>A TCP socket of the connect()'s family that is not bound to a port, connected, connecting or listening, nor bound to a device.</summary>
    static unsafe bool IsUnusedTcpSocket(SafeFd socket, int family)
    {
        if (IntOption(socket, SocketConst.SOL_SOCKET, SocketConst.SO_DOMAIN) != family ||
            IntOption(socket, SocketConst.SOL_SOCKET, SocketConst.SO_TYPE) != SocketConst.SOCK_STREAM ||
            IntOption(socket, SocketConst.SOL_SOCKET, SocketConst.SO_PROTOCOL) != SocketConst.IPPROTO_TCP)
        {
            return false;
        }
        // struct tcp_info starts with the state byte.
        var info = stackalloc byte[256];
        var length = 256u;
        if (Libc.getsockopt(socket, SocketConst.IPPROTO_TCP, SocketOption.TCP_INFO, info, &length) != 0 || info[0] != SocketConst.TCP_CLOSE)
        {
            return false;
        }
        var device = stackalloc byte[32];
        var deviceLength = 32u;
        if (Libc.getsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_BINDTODEVICE, device, &deviceLength) == 0 && deviceLength > 0 && device[0] != 0)
        {
            return false;
        }
        return InetEndpoint.LocalOf(socket) is { Port: 0 };
    }

    static int IntOption(SafeFd socket, int level, int name) => Libc.getsockopt(socket, level, name, out int value) == 0 ? value : -1;

    static ulong NetnsCookieOf(SafeFd socket) =>
        Libc.getsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_NETNS_COOKIE, out ulong cookie) == 0 ? cookie : 0;

    /// <summary>The tracee's close-on-exec flag of a descriptor: /proc/PID/fdinfo's flags hold O_CLOEXEC for it.</summary>
    static bool CloseOnExec(int tgid, int fd)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{tgid}/fdinfo/{fd}"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (Convert.ToInt32(line[6..].Trim(), 8) & OpenFlags.CloExec) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return false;
    }

    /// <summary>A socket's pending error (SO_ERROR), which reading clears: 0 once connected.</summary>
    internal static int PendingError(SafeFd socket) =>
        Libc.getsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_ERROR, out int error) == 0 ? error : Marshal.GetLastPInvokeError();

    /// <summary>The bypass policy of a stack (null when it does not bypass) and its namespace's cookie, learnt once.</summary>
    (BypassPolicy? Policy, ulong NetnsCookie) StackOf(StackMount mount) => stacks.GetOrAdd(mount, m =>
    {
        if (PolicyOf(m) is not { } policy)
        {
            return (null, 0);
        }
        try
        {
            using var probe = m.Stack.CreateSocket(AddressFamily.Inet, SocketConst.SOCK_STREAM, 0);
            return (policy, NetnsCookieOf(probe));
        }
        catch (ErrnoException e)
        {
            log.Warning("bypass: stack {Path:l} cannot be bypassed: {Message:l}", m.Path, e.Message);
            return (null, 0);
        }
    });

    static BypassPolicy? PolicyOf(StackMount mount)
    {
        if (mount.Spec.Kind != StackKind.Slirp)
        {
            return null;
        }
        var slirp = SlirpOptions.Parse(string.Join(',', mount.Spec.Options));
        return slirp.Bypass ?? (mount.Spec.Impairment is null && mount.Spec.CapturePath is null) ? new BypassPolicy(slirp) : null;
    }

    public void Dispose() => seal?.Dispose();
}
