using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Namespaces;

/// <summary>
/// Network namespaces for an unprivileged supervisor, made by vuos-nshelper (native/vuos-nshelper.c) inside a
/// user namespace it owns: the .NET runtime is multithreaded, so it cannot enter a user namespace itself.
/// Each request is one round trip over a SOCK_SEQPACKET pair; descriptors come back with SCM_RIGHTS.
/// </summary>
public sealed unsafe class HelperNamespaces : INamespaceProvider
{
    const int OpHello = 0, OpNewNs = 1, OpSocket = 2, OpSocketPair = 3, OpTap = 4, OpSysctl = 5, OpDelNs = 6;

    readonly object gate = new();
    readonly SafeFd control;
    readonly int pid;
    bool dead;

    [StructLayout(LayoutKind.Sequential)]
    struct Request
    {
        public uint Op;
        public int Ns, A, B, C;
        public fixed byte Name[64];
        public fixed byte Data[128];
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Reply
    {
        public int Status, Value;
    }

    readonly Serilog.ILogger log;

    public HelperNamespaces(string helperPath, Serilog.ILogger log)
    {
        this.log = log;
        (pid, control) = ProcessSpawner.SpawnWithControl(helperPath, fd => [helperPath, fd.ToString()]);
        var (status, _, _) = Call(new Request { Op = OpHello });
        if (status != 0)
        {
            Dispose();
            throw new InvalidOperationException(UserNamespaceAdvice(status));
        }
    }

    /// <summary>What to tell a user whose kernel refuses unprivileged user namespaces.</summary>
    public static string UserNamespaceAdvice(int errno) =>
        $"cannot create a user namespace for the stacks: {Marshal.GetPInvokeErrorMessage(errno)}. " +
        "Unprivileged user namespaces may be disabled: check sysctl kernel.unprivileged_userns_clone=1, " +
        "user.max_user_namespaces > 0 and (Ubuntu) kernel.apparmor_restrict_unprivileged_userns=0, or run vuos as root.";

    public INetworkNamespace Create()
    {
        var (status, value, _) = Call(new Request { Op = OpNewNs });
        return status == 0 ? new HelperNetworkNamespace(this, value) : throw new ErrnoException("creating a network namespace", status);
    }

    (int Status, int Value, int[] Fds) Call(Request request)
    {
        lock (gate)
        {
            if (dead)
            {
                throw new ErrnoException("the stacks' namespace helper has died", Errno.ENETDOWN);
            }
            var n = Libc.send(control.Fd, &request, (nuint)sizeof(Request), SocketConst.MSG_NOSIGNAL);
            if (n != sizeof(Request))
            {
                Died();
            }
            Reply reply;
            var iov = new IoVec { Base = (nint)(&reply), Length = (nuint)sizeof(Reply) };
            var cbuf = stackalloc byte[64];
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = cbuf, ControlLength = 64 };
            nint got;
            do
            {
                got = Libc.recvmsg(control.Fd, &msg, SocketConst.MSG_CMSG_CLOEXEC);
            }
            while (got < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
            if (got != sizeof(Reply))
            {
                Died();
            }
            var fds = new List<int>();
            if (msg.ControlLength >= (nuint)sizeof(CmsgHdr))
            {
                var c = (CmsgHdr*)cbuf;
                var count = ((int)c->Length - sizeof(CmsgHdr)) / sizeof(int);
                for (var i = 0; i < count; i++)
                {
                    fds.Add(((int*)(cbuf + sizeof(CmsgHdr)))[i]);
                }
            }
            return (reply.Status, reply.Value, fds.ToArray());
        }
    }

    /// <summary>
    /// The helper is gone (killed, or crashed): its namespaces went with it, so every stack it served is down.
    /// Calls fail with ENETDOWN from now on instead of hanging or guessing.
    /// </summary>
    void Died()
    {
        if (!dead)
        {
            log.Error("the stacks' namespace helper (vuos-nshelper, pid {Pid}) has died: its stacks are down, new sockets in them fail with ENETDOWN", pid);
        }
        dead = true;
        throw new ErrnoException("the stacks' namespace helper (vuos-nshelper) has died; its stacks are down", Errno.ENETDOWN);
    }

    SafeFd[] CallForFds(Request request, string what, int expected)
    {
        var (status, _, fds) = Call(request);
        if (status != 0)
        {
            throw new ErrnoException(what, status);
        }
        return fds.Length == expected ? [.. fds.Select(f => new SafeFd(f))] : throw new ErrnoException(what, Errno.EPROTO);
    }

    static void Put(byte* destination, int capacity, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length >= capacity)
        {
            throw new ErrnoException("vuos-nshelper request", Errno.ENAMETOOLONG);
        }
        bytes.CopyTo(new Span<byte>(destination, capacity));
    }

    public void Dispose()
    {
        control.Dispose();
        // Closing the control socket ends the helper; reap it (ECHILD if the tracer thread already did).
        Libc.waitpid(pid, out _, WaitFlags.All);
    }

    sealed class HelperNetworkNamespace(HelperNamespaces helper, int index) : INetworkNamespace
    {
        public SafeFd? EnterableHandle => null;

        public SafeFd Socket(int domain, int type, int protocol) =>
            helper.CallForFds(new Request { Op = OpSocket, Ns = index, A = domain, B = type, C = protocol }, "socket", 1)[0];

        public (SafeFd, SafeFd) SocketPair(int domain, int type, int protocol)
        {
            var fds = helper.CallForFds(new Request { Op = OpSocketPair, Ns = index, A = domain, B = type, C = protocol }, "socketpair", 2);
            return (fds[0], fds[1]);
        }

        public SafeFd OpenTap(string name)
        {
            var request = new Request { Op = OpTap, Ns = index };
            Put(request.Name, 16, name);
            try
            {
                return helper.CallForFds(request, $"creating tap {name}", 1)[0];
            }
            catch (ErrnoException e) when (e.Errno is Errno.EACCES or Errno.EPERM)
            {
                throw new InvalidOperationException(
                    $"creating tap {name}: {e.Message}: an unprivileged user needs read-write access to /dev/net/tun " +
                    "(most distributions ship it as mode 0666: chmod 0666 /dev/net/tun), or run vuos as root");
            }
        }

        public void WriteSysctl(string path, string value)
        {
            var request = new Request { Op = OpSysctl, Ns = index };
            Put(request.Name, 64, path);
            Put(request.Data, 128, value);
            var (status, _, _) = helper.Call(request);
            if (status != 0)
            {
                throw new ErrnoException($"sysctl {path}", status);
            }
        }

        public void Dispose()
        {
            try
            {
                helper.Call(new Request { Op = OpDelNs, Ns = index });
            }
            catch (ErrnoException)
            {
                // The helper is gone, and the namespace with it.
            }
        }
    }
}
