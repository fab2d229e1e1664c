using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// The xv6 localhost port API (seed 003): listen(port), connect(port, host), send(port, buf, n),
/// recv(port, buf, n), disconnect(port), with the rules, checks and error codes of the kernel that defines it
/// (sock.c, syssock.c), in the order it makes them. The sockets live in the supervisor's <see cref="Xv6Table"/>,
/// one per session; waits are blocking calls of the engine's, so a signal interrupts them as it would a
/// kernel call. docs/ARCHITECTURE.md lists where and why this differs from the kernel.
/// </summary>
public sealed class Xv6Module : ISyscallModule, IDisposable
{
    readonly Xv6Table table = new();

    public string Name => "xv6";

    public void Register(HookRegistry hooks)
    {
        SyscallTable.Declare(Xv6Abi.Syscalls);
        hooks.On("xv6_listen", HookMode.Notify, Listen);
        hooks.On("xv6_connect", HookMode.Notify, Connect);
        hooks.On("xv6_send", HookMode.Notify, Send);
        hooks.On("xv6_recv", HookMode.Notify, Recv);
        hooks.On("xv6_disconnect", HookMode.Notify, Disconnect);
    }

    static void Error(SyscallContext call, int code) => call.Return(-code);

    static bool ValidPort(int port) => port is >= 0 and < Xv6Abi.PortCount;

    void Own(SyscallContext call) => call.Process.GetState(() => new Xv6Ownership(table, call.Process.Tgid));

    void Listen(SyscallContext call)
    {
        var port = call.ArgInt(0);
        if (!ValidPort(port))
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        lock (table.Gate)
        {
            if (table.Count >= Xv6Abi.MaxSockets)
            {
                Error(call, Xv6Abi.Fail);
                return;
            }
            if (table.Open(port, call.Process.Tgid) is not { } socket)
            {
                Error(call, Xv6Abi.AccessDenied);
                return;
            }
            Own(call);
            call.Note = $"xv6 port {port}";
            call.Wait(new ListenWait(table, socket));
        }
    }

    void Connect(SyscallContext call)
    {
        var port = call.ArgInt(0);
        byte[]? host;
        try
        {
            host = call.Memory.ReadCString(call.Arg(1), 4096);
        }
        catch (ErrnoException)
        {
            Error(call, Xv6Abi.MissingArg);
            return;
        }
        // The whole name, where the kernel compares only a prefix as long as the argument ("local" passes there).
        if (!ValidPort(port) || host is null || !(host.AsSpan().SequenceEqual("localhost"u8) || host.AsSpan().SequenceEqual("127.0.0.1"u8)))
        {
            Error(call, Xv6Abi.InvalidArg);
            return;
        }
        lock (table.Gate)
        {
            var localPort = table.FreeClientPort();
            var server = table.Find(port);
            int? error = localPort < 0 ? Xv6Abi.Fail
                : server is null ? Xv6Abi.NotFound
                : server.State != Xv6State.Listening ? Xv6Abi.WrongState
                : table.Count >= Xv6Abi.MaxSockets ? Xv6Abi.Fail
                : null;
            if (error is { } e)
            {
                Error(call, e);
                return;
            }
            var local = table.Open(localPort, call.Process.Tgid)!;
            local.State = server!.State = Xv6State.Connected;
            local.Peer = server;
            server.Peer = local;
            table.WakeAll();
            Own(call);
            call.Note = $"xv6 port {localPort} to {port}";
            call.Return(localPort);
        }
    }

    /// <summary>The caller's connected socket at port with its peer still there, or the kernel's error for why not.</summary>
    Xv6Socket? Connected(SyscallContext call, int port)
    {
        var socket = ValidPort(port) ? table.Find(port) : null;
        int? error = !ValidPort(port) ? Xv6Abi.InvalidArg
            : socket is null ? Xv6Abi.NotFound
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
        var n = call.ArgInt(2);
        if (n is < 0 or > Xv6Abi.MaxMessage)
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
            Error(call, Xv6Abi.MissingArg);
            return;
        }
        lock (table.Gate)
        {
            if (Connected(call, call.ArgInt(0)) is not { } socket)
            {
                return;
            }
            if (socket.Peer!.State == Xv6State.Closed)
            {
                Error(call, Xv6Abi.NotFound);
                return;
            }
            call.Wait(new SendWait(table, socket, data));
        }
    }

    void Recv(SyscallContext call)
    {
        var n = call.ArgInt(2);
        lock (table.Gate)
        {
            if (Connected(call, call.ArgInt(0)) is not { } socket)
            {
                return;
            }
            if (n < 0)
            {
                Error(call, Xv6Abi.InvalidArg);
                return;
            }
            // A message the peer sent before it went is still received; only then is the peer missing.
            if (socket.Message is null && socket.Peer!.State == Xv6State.Closed)
            {
                Error(call, Xv6Abi.NotFound);
                return;
            }
            call.Wait(new RecvWait(table, socket, call.Memory, call.Arg(1), n));
        }
    }

    void Disconnect(SyscallContext call)
    {
        var port = call.ArgInt(0);
        lock (table.Gate)
        {
            var socket = ValidPort(port) ? table.Find(port) : null;
            int? error = !ValidPort(port) ? Xv6Abi.InvalidArg
                : socket is null ? Xv6Abi.NotFound
                : socket.OwnerTgid != call.Process.Tgid ? Xv6Abi.AccessDenied
                : null;
            if (error is { } e)
            {
                Error(call, e);
                return;
            }
            table.Remove(socket!);
            call.Return(0);
        }
    }

    public void Dispose() => table.Dispose();
}
