using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>
/// One control socket to a vuos-nshelper process (the helper, the factory or a stack's anchor): a request and
/// its reply per call, descriptors coming back with SCM_RIGHTS. Calls are serialised. A peer that has gone
/// (killed, crashed) fails every call with ENETDOWN from then on instead of hanging.
/// </summary>
sealed unsafe class NsHelperChannel(SafeFd control, string peer) : IDisposable
{
    const int MaxFds = 64;

    readonly object gate = new();
    bool dead;

    /// <summary>Raised once, on the thread whose call found the peer gone.</summary>
    public event Action? Died;

    public bool IsDead => Volatile.Read(ref dead);

    /// <summary>Whether the peer has gone, found by a call or now (its end of the socket closed), without waiting.</summary>
    public bool Gone
    {
        get
        {
            if (IsDead)
            {
                return true;
            }
            var fd = new PollFd { Fd = control.Fd, Events = PollEvents.POLLIN };
            return Libc.poll(&fd, 1, 0) > 0 && (fd.Revents & (PollEvents.POLLHUP | PollEvents.POLLERR | PollEvents.POLLNVAL)) != 0;
        }
    }

    public (int Value, SafeFd[] Fds) Call(ref NsHelperRequest request, string what)
    {
        var (status, value, text, fds) = Exchange(ref request);
        if (status != 0)
        {
            foreach (var fd in fds)
            {
                fd.Dispose();
            }
            throw new ErrnoException(text.Length > 0 ? $"{what}: {text}" : what, status);
        }
        return (value, fds);
    }

    /// <summary>
    /// The same request up to <paramref name="count"/> times, pipelined: the requests are all sent before the
    /// first reply is read, so the peer serves them in one wake-up. Only the first send may wait; the others stop
    /// at a full queue (net.unix.max_dgram_qlen), so neither side ever waits on the other's full queue. Each
    /// reply's outcome, in order, one per request sent: descriptors, or an errno.
    /// </summary>
    public (int Status, SafeFd[] Fds)[] CallRepeated(ref NsHelperRequest request, int count)
    {
        lock (gate)
        {
            if (dead)
            {
                throw new ErrnoException($"{peer} has died", Errno.ENETDOWN);
            }
            Send(ref request, 0);
            var sent = 1;
            while (sent < count && Send(ref request, SocketConst.MSG_DONTWAIT))
            {
                sent++;
            }
            var results = new (int Status, SafeFd[] Fds)[sent];
            try
            {
                for (var i = 0; i < sent; i++)
                {
                    var (status, _, _, fds) = Receive();
                    results[i] = (status, fds);
                }
            }
            catch
            {
                foreach (var fd in results.Where(r => r.Fds is not null).SelectMany(r => r.Fds))
                {
                    fd.Dispose();
                }
                throw;
            }
            return results;
        }
    }

    (int Status, int Value, string Text, SafeFd[] Fds) Exchange(ref NsHelperRequest request)
    {
        lock (gate)
        {
            if (dead)
            {
                throw new ErrnoException($"{peer} has died", Errno.ENETDOWN);
            }
            Send(ref request, 0);
            return Receive();
        }
    }

    /// <summary>Sends one request; false when <paramref name="flags"/> has MSG_DONTWAIT and the queue is full.</summary>
    bool Send(ref NsHelperRequest request, int flags)
    {
        fixed (NsHelperRequest* r = &request)
        {
            var sent = Libc.send(control, r, (nuint)sizeof(NsHelperRequest), SocketConst.MSG_NOSIGNAL | flags);
            if (sent == sizeof(NsHelperRequest))
            {
                return true;
            }
            if (sent < 0 && (flags & SocketConst.MSG_DONTWAIT) != 0 && Marshal.GetLastPInvokeError() == Errno.EAGAIN)
            {
                return false;
            }
            Lost();
            return false;
        }
    }

    (int Status, int Value, string Text, SafeFd[] Fds) Receive()
    {
        NsHelperReply reply;
        var iov = new IoVec { Base = (nint)(&reply), Length = (nuint)sizeof(NsHelperReply) };
        var cbufLength = sizeof(CmsgHdr) + MaxFds * sizeof(int);
        var cbuf = stackalloc byte[cbufLength];
        var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = cbuf, ControlLength = (nuint)cbufLength };
        nint got;
        do
        {
            got = Libc.recvmsg(control, &msg, SocketConst.MSG_CMSG_CLOEXEC);
        }
        while (got < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        if (got != sizeof(NsHelperReply))
        {
            Lost();
        }
        var fds = new List<SafeFd>();
        if (msg.ControlLength >= (nuint)sizeof(CmsgHdr))
        {
            var c = (CmsgHdr*)cbuf;
            var count = ((int)c->Length - sizeof(CmsgHdr)) / sizeof(int);
            for (var i = 0; i < count; i++)
            {
                fds.Add(new SafeFd(((int*)(cbuf + sizeof(CmsgHdr)))[i]));
            }
        }
        var text = reply.Status == 0 ? "" : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(reply.Text));
        return (reply.Status, reply.Value, text, [.. fds]);
    }

    void Lost()
    {
        dead = true;
        Died?.Invoke();
        throw new ErrnoException($"{peer} has died", Errno.ENETDOWN);
    }

    public static void Put(byte* destination, int capacity, string text, string what)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length >= capacity)
        {
            throw new ErrnoException(what, Errno.ENAMETOOLONG);
        }
        bytes.CopyTo(new Span<byte>(destination, capacity));
    }

    public void Dispose() => control.Dispose();
}
