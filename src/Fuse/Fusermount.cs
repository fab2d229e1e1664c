using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// The setuid helper fusermount3 (Debian package fuse3) mounts for users without CAP_SYS_ADMIN: it opens
/// /dev/fuse, mounts, and passes the descriptor back with SCM_RIGHTS over the socket named by _FUSE_COMMFD.
/// </summary>
static unsafe class Fusermount
{
    const int SockStream = 1;
    const string Name = "fusermount3";
    const string SafePath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The helper's path, or null when fuse3 is not installed.</summary>
    public static string? Find()
    {
        // The system directories first: the helper runs setuid root.
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in new[] { "/usr/bin", "/bin", "/usr/local/bin" }.Concat(path.Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(directory, Name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Mounts and returns the /dev/fuse descriptor; throws InvalidOperationException with the helper's complaint.</summary>
    public static SafeFd Mount(string helper, string mountPoint, string options)
    {
        var pair = stackalloc int[2];
        ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, SockStream | SocketConst.SOCK_CLOEXEC, 0, pair), "socketpair");
        using var ours = new SafeFd(pair[0]);
        HelperProcess process;
        using (var theirs = new SafeFd(pair[1]))
        {
            // Our copy of the helper's end is closed once it runs, so its exit reads as end of file here.
            process = HelperProcess.Start(helper, ["-o", options, "--", mountPoint], [$"_FUSE_COMMFD={theirs.Fd}", SafePath], theirs.Fd);
        }
        using (process)
        {
            var device = Receive(ours);
            var (exitCode, output) = process.Wait(Timeout);
            if (exitCode == 0 && device is not null)
            {
                return device;
            }
            device?.Dispose();
            throw new InvalidOperationException($"{Name} could not mount {mountPoint}: " +
                (output.Length > 0 ? output : $"exit status {exitCode}"));
        }
    }

    /// <summary>Lazy unmount (the tree goes now, its last user frees it); returns the helper's complaint, or null.</summary>
    public static string? Unmount(string helper, string mountPoint)
    {
        using var process = HelperProcess.Start(helper, ["-u", "-z", "--", mountPoint], [SafePath]);
        var (exitCode, output) = process.Wait(Timeout);
        return exitCode == 0 ? null : output.Length > 0 ? output : $"exit status {exitCode}";
    }

    static SafeFd? Receive(SafeFd socket)
    {
        var fd = new PollFd { Fd = socket.Fd, Events = PollEvents.POLLIN };
        int ready;
        while ((ready = Libc.poll(&fd, 1, (int)Timeout.TotalMilliseconds)) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
        {
        }
        if (ready <= 0)
        {
            return null;
        }
        byte data = 0;
        var iov = new IoVec { Base = (nint)(&data), Length = 1 };
        var control = stackalloc byte[64];
        var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = 64 };
        var n = Libc.recvmsg(socket, &msg, SocketConst.MSG_CMSG_CLOEXEC);
        if (n <= 0 || msg.ControlLength < (nuint)(sizeof(CmsgHdr) + sizeof(int)))
        {
            return null;
        }
        var header = (CmsgHdr*)control;
        return header->Level == SocketConst.SOL_SOCKET && header->Type == SocketConst.SCM_RIGHTS
            ? new SafeFd(*(int*)(control + sizeof(CmsgHdr)))
            : null;
    }
}
