using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// A call that sleeps as the kernel's does: woken at every change of the table, it checks under the table's
/// gate whether it can finish. A peer that goes while the call sleeps ends it with E_CONNECTION_RESET_BY_REMOTE
/// and closes the caller's socket too, as sock.c does after its sleep.
/// </summary>
abstract class Xv6Wait(Xv6Table table) : IBlockingWait
{
    readonly Xv6Sleeper sleeper = table.Sleep();

    protected Xv6Table Table => table;

    public int PollFd => sleeper.Fd;

    public short PollEvents => Interop.PollEvents.POLLIN;

    public bool TryComplete(DeferredReply reply)
    {
        sleeper.Drain();
        lock (table.Gate)
        {
            if (Check() is not { } value)
            {
                return false;
            }
            table.Forget(sleeper);
            reply.Return(value);
            return true;
        }
    }

    /// <summary>The call's value once it can finish (0 or -code), or null to sleep on.</summary>
    protected abstract long? Check();

    public virtual void Cancel() => table.Forget(sleeper);

    protected long Reset(Xv6Socket local)
    {
        table.Remove(local);
        return -Xv6Abi.ConnectionResetByRemote;
    }
}

/// <summary>listen's sleep until its one client connects.</summary>
sealed class ListenWait(Xv6Table table, Xv6Socket socket) : Xv6Wait(table)
{
    protected override long? Check() => socket.State == Xv6State.Listening ? null : 0;

    /// <summary>An interrupted listen gives its port back, so a restarted call can listen again.</summary>
    public override void Cancel()
    {
        base.Cancel();
        Table.Remove(socket);
    }
}

/// <summary>send's sleep while the peer's one buffer still holds the previous message.</summary>
sealed class SendWait(Xv6Table table, Xv6Socket local, byte[] data) : Xv6Wait(table)
{
    protected override long? Check()
    {
        if (local.State == Xv6State.Closed)
        {
            return -Xv6Abi.NotFound;
        }
        var peer = local.Peer!;
        if (peer.State == Xv6State.Closed)
        {
            return Reset(local);
        }
        if (peer.Message is not null)
        {
            return null;
        }
        peer.Message = data;
        Table.WakeAll();
        return 0;
    }
}

/// <summary>
/// recv's sleep until a message waits: it takes the whole message, writes its first n bytes (and a NUL when
/// shorter) and discards the rest. A message sent before the peer went is still received.
/// </summary>
sealed class RecvWait(Xv6Table table, Xv6Socket local, TraceeMemory memory, ulong buffer, int size) : Xv6Wait(table)
{
    protected override long? Check()
    {
        if (local.State == Xv6State.Closed)
        {
            return -Xv6Abi.NotFound;
        }
        if (local.Message is { } message)
        {
            var n = Math.Min(size, message.Length);
            try
            {
                memory.Write(buffer, message.AsSpan(0, n));
                if (n < size)
                {
                    memory.Write(buffer + (ulong)n, (byte)0);
                }
            }
            catch (ErrnoException)
            {
                // The message stays for a recv with a buffer the kernel can write.
                return -Xv6Abi.MissingArg;
            }
            local.Message = null;
            Table.WakeAll();
            return 0;
        }
        return local.Peer!.State == Xv6State.Closed ? Reset(local) : null;
    }
}
