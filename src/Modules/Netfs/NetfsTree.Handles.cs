using Vuos.Net.Fuse;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// What an open file of the tree is: a text read once (a factory's id), addrs, ctl, or a stream (data,
/// or a connection opened through accept) whose reads and writes go to a socket.
/// </summary>
public sealed partial class NetfsTree
{
    abstract record Handle(NetfsSocket? Socket);
    sealed record ReadOnce(byte[] Content, NetfsSocket? Socket) : Handle(Socket);
    sealed record CtlHandle(NetfsSocket Target, bool NonBlocking) : Handle(Target);

    /// <summary>addrs: its text is made again by every read at offset 0, so lseek(0) and a read show new listeners.</summary>
    sealed record AddrsHandle(NetfsFamily Family) : Handle((NetfsSocket?)null)
    {
        public byte[] Content { get; set; } = [];
    }

    /// <summary>An open data file, or a connection opened through accept: reads and writes go to <see cref="Fd"/>.</summary>
    abstract record StreamHandle(NetfsSocket? Socket, bool NonBlockingName) : Handle(Socket)
    {
        public abstract int Fd { get; }

        public abstract bool IsListener { get; }

        public abstract bool WritesWhole { get; }

        /// <summary>The largest message a write may carry, or null for the kernel's own limit.</summary>
        public virtual int? PacketLimit => Socket?.PacketLimit;

        public bool NonBlocking(FuseRequestContext ctx) => NonBlockingName || (ctx.FileFlags & OpenFlags.NonBlock) != 0;
    }

    sealed record DataHandle(NetfsSocket Target, bool NonBlockingName) : StreamHandle(Target, NonBlockingName)
    {
        public override int Fd => Target.Socket.Fd;

        public override bool IsListener => Target.IsListening;

        public override bool WritesWhole => Target.TypeName == "stream";
    }

    sealed record ConnectionHandle(SafeFd Connection, NetfsSocket Listener, bool NonBlockingName) : StreamHandle(null, NonBlockingName)
    {
        public override int Fd => Connection.Fd;

        public override bool IsListener => false;

        public override bool WritesWhole => Listener.TypeName == "stream";

        public override int? PacketLimit => Listener.PacketLimit;
    }
}
