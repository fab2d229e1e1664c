using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>Whose user namespace a session's processes run in.</summary>
public enum SessionUserNamespace
{
    /// <summary>The supervisor's own (--host-userns, root only): programs keep real root.</summary>
    Host,

    /// <summary>One made for the session, every id mapped onto itself (a root session).</summary>
    FullMap,

    /// <summary>One made for the session, the user's own uid and gid mapped onto themselves (an unprivileged session).</summary>
    UserOnly,
}

/// <summary>
/// The namespaces of one session, made and held by vuos-nshelper (native/vuos-nshelper.c and its parts in native/vuos-nshelper/): the session's
/// mount namespace laid out by a <see cref="SessionLayout"/>, the session's user namespace, and one anchor
/// process per virtual stack living in the stack's network namespace and in a copy of the mount namespace
/// where /etc/resolv.conf and /sys/class/net are the stack's. Processes living in a stack join its anchor's
/// namespaces; the kernel then enforces everything a user namespace enforces.
/// </summary>
public sealed class SessionNamespaces : INamespaceProvider
{
    readonly ILogger log;
    readonly int helperPid;
    readonly NsHelperChannel helper;
    readonly NsHelperChannel factory;
    readonly NamespaceSwitch? switcher;
    readonly Dictionary<string, SafeFd> directories = [];
    Dictionary<string, SafeFd>? stackFileDevices;
    SafeFd? fuseDevice;
    Thread? watcher;
    bool disposed;

    SessionNamespaces(ILogger log, int helperPid, NsHelperChannel helper, NsHelperChannel factory, SessionUserNamespace mode,
        SafeFd mountNamespace, SafeFd? userNamespace, NamespaceSwitch? switcher)
    {
        this.log = log;
        this.helperPid = helperPid;
        this.helper = helper;
        this.factory = factory;
        this.switcher = switcher;
        Mode = mode;
        MountNamespace = mountNamespace;
        UserNamespace = userNamespace;
    }

    public SessionUserNamespace Mode { get; }

    /// <summary>The session's mount namespace: where processes living on the host's stack run.</summary>
    public SafeFd MountNamespace { get; }

    /// <summary>The session's user namespace when host-stack processes must join it too (an unprivileged session).</summary>
    public SafeFd? UserNamespace { get; }

    /// <summary>The stack directories of the layout, as descriptors in the session's mount namespace (for stack files added later).</summary>
    public IReadOnlyDictionary<string, SafeFd> Directories => directories;

    /// <summary>
    /// Whether stack files are FUSE mounts the supervisor serves (asked for, and /dev/fuse opened), so a stat of one
    /// reaches the supervisor while no other stat stops; otherwise they are plain socket-type nodes.
    /// </summary>
    public bool StackFilesServed { get; private set; }

    /// <summary>
    /// The mode for the current user: <see cref="SessionUserNamespace.UserOnly"/> unless root; root of a user
    /// namespace that does not map every id (a rootless container) can map only its own.
    /// </summary>
    public static SessionUserNamespace ModeFor(bool hostUserNamespace) =>
        Libc.geteuid() != 0 ? SessionUserNamespace.UserOnly
        : hostUserNamespace ? SessionUserNamespace.Host
        : MapsEveryId() ? SessionUserNamespace.FullMap
        : SessionUserNamespace.UserOnly;

    /// <summary>Whether the supervisor's own user namespace maps every id (the host's does; root of a rootless container's does not).</summary>
    static bool MapsEveryId()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/uid_map").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return fields is ["0", "0", "4294967295"];
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts vuos-nshelper and lays the session out. <paramref name="socketsThroughHelper"/> makes even a root
    /// supervisor ask the anchors for sockets, as an unprivileged one must (tests use it). Throws
    /// InvalidOperationException saying what failed.
    /// </summary>
    /// <param name="serveStackFiles">Make stack files FUSE mounts the supervisor serves (<see cref="StackFilesServed"/>), when /dev/fuse opens.</param>
    public static unsafe SessionNamespaces Start(string helperPath, SessionUserNamespace mode, SessionLayout layout,
        bool socketsThroughHelper, ILogger log, bool serveStackFiles = false)
    {
        var (pid, control) = ProcessSpawner.SpawnWithControl(helperPath, fd => [helperPath, fd.ToString()]);
        var helper = new NsHelperChannel(control, $"the session's namespace helper (vuos-nshelper, pid {pid})");
        var owned = new List<IDisposable> { helper };
        try
        {
            var request = new NsHelperRequest
            {
                Op = NsHelperProtocol.OpSession,
                Flags = mode switch
                {
                    SessionUserNamespace.FullMap => NsHelperProtocol.SessionUsernsFull,
                    SessionUserNamespace.UserOnly => NsHelperProtocol.SessionUsernsSelf,
                    _ => 0,
                } | (serveStackFiles ? NsHelperProtocol.SessionStackFuse : 0),
                A = (int)Libc.geteuid(),
                B = (int)Libc.getegid(),
            };
            NsHelperChannel.Put(request.Data, NsHelperProtocol.DataLength, layout.Instructions(), "the session's layout");
            int value;
            SafeFd[] fds;
            try
            {
                (value, fds) = helper.Call(ref request, "building the session's namespaces");
            }
            catch (ErrnoException e) when (e.Message.Contains("CLONE_NEWUSER"))
            {
                throw new InvalidOperationException(UserNamespaceAdvice(e.Message));
            }
            owned.AddRange(fds);
            var next = 0;
            var mountNamespace = fds[next++];
            var userNamespace = (value & NsHelperProtocol.HasUserns) != 0 ? fds[next++] : null;
            var fuse = (value & NsHelperProtocol.HasFuse) != 0 ? fds[next++] : null;
            var dirs = value >> NsHelperProtocol.DirsShift;
            var directoryFds = fds.Skip(next).Take(dirs).ToArray();
            next += dirs;
            var stackFiles = (value & NsHelperProtocol.HasStackFuse) != 0 ? layout.StackFiles.Count : 0;
            var stackFileFds = fds.Skip(next).Take(stackFiles).ToArray();
            next += stackFiles;
            var factory = (value & NsHelperProtocol.HasFactory) != 0
                ? new NsHelperChannel(fds[next++], $"the session's user-namespace factory (child of vuos-nshelper {pid})")
                : helper;
            var switcher = Libc.geteuid() == 0 && !socketsThroughHelper ? new NamespaceSwitch() : null;
            var session = new SessionNamespaces(log, pid, helper, factory, mode, mountNamespace, userNamespace, switcher)
            {
                fuseDevice = fuse,
                StackFilesServed = (value & NsHelperProtocol.HasStackFuse) != 0,
                stackFileDevices = layout.StackFiles.Zip(stackFileFds).ToDictionary(p => p.First, p => p.Second),
            };
            for (var i = 0; i < directoryFds.Length; i++)
            {
                session.directories[layout.StackDirectories[i]] = directoryFds[i];
            }
            session.WatchHelper();
            return session;
        }
        catch (Exception e) when (e is ErrnoException or IOException)
        {
            owned.ForEach(o => o.Dispose());
            Libc.waitpid(pid, out _, WaitFlags.All);
            throw new InvalidOperationException(e is ErrnoException { Errno: Errno.ENETDOWN } ? $"vuos-nshelper ({helperPath}) failed to start" : e.Message);
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            Libc.waitpid(pid, out _, WaitFlags.All);
            throw;
        }
    }

    /// <summary>What to tell a user whose kernel refuses unprivileged user namespaces.</summary>
    public static string UserNamespaceAdvice(string failure) =>
        $"cannot create a user namespace for the session: {failure}. " +
        "Unprivileged user namespaces may be disabled: check sysctl kernel.unprivileged_userns_clone=1, " +
        "user.max_user_namespaces > 0 and (Ubuntu) kernel.apparmor_restrict_unprivileged_userns=0, or run vuos as root.";

    /// <summary>Hands over /dev/fuse of the netfs mount (once): the netfs server serves it.</summary>
    public SafeFd? TakeFuseDevice()
    {
        var device = fuseDevice;
        fuseDevice = null;
        return device;
    }

    /// <summary>Hands over /dev/fuse of each stack file of the layout, by path (once): the stack files' servers serve them.</summary>
    public IReadOnlyDictionary<string, SafeFd> TakeStackFileDevices()
    {
        var devices = stackFileDevices ?? [];
        stackFileDevices = null;
        return devices;
    }

    /// <summary>
    /// A stack file made while the session runs, in a directory of the layout: a FUSE mount on a new node, seen by
    /// every stack's copy of the mount namespace; returns its /dev/fuse. Throws ErrnoException saying why not.
    /// </summary>
    public SafeFd AddStackFile(string path)
    {
        var request = StackFileRequest(NsHelperProtocol.StackFileAdd, path);
        var (_, fds) = helper.Call(ref request, $"mounting the stack file {path}");
        if (fds.Length != 1)
        {
            foreach (var fd in fds)
            {
                fd.Dispose();
            }
            throw new ErrnoException($"mounting the stack file {path}", Errno.EPROTO);
        }
        return fds[0];
    }

    /// <summary>Unmounts and removes a stack file <see cref="AddStackFile"/> or the layout made. Throws ErrnoException saying why not.</summary>
    public void RemoveStackFile(string path)
    {
        var request = StackFileRequest(NsHelperProtocol.StackFileRemove, path);
        helper.Call(ref request, $"unmounting the stack file {path}");
    }

    unsafe NsHelperRequest StackFileRequest(uint flags, string path)
    {
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpStackFile, Flags = flags, A = (int)Libc.geteuid(), B = (int)Libc.getegid() };
        NsHelperChannel.Put(request.Data, NsHelperProtocol.DataLength, path, "the stack file's path");
        return request;
    }

    /// <summary>A new stack: its network namespace, and its copy of the session's mount namespace showing <paramref name="resolvConf"/>.</summary>
    public unsafe INetworkNamespace Create(string resolvConf)
    {
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpStack, Flags = NsHelperProtocol.StackNetns | NsHelperProtocol.StackSysfs };
        NsHelperChannel.Put(request.Data, NsHelperProtocol.DataLength, resolvConf, "the stack's resolv.conf");
        var (pid, fds) = factory.Call(ref request, "creating a network namespace");
        if (fds.Length != 4)
        {
            foreach (var fd in fds)
            {
                fd.Dispose();
            }
            throw new ErrnoException("creating a network namespace", Errno.EPROTO);
        }
        var anchor = new NsHelperChannel(fds[0], $"the stack's anchor (vuos-nshelper, pid {pid})");
        var userns = fds[3];
        if (Mode == SessionUserNamespace.Host)
        {
            userns.Dispose();
            userns = null;
        }
        return new AnchoredNetworkNamespace(anchor, fds[1], fds[2], userns, switcher);
    }

    /// <summary>
    /// Collects the helper when it ends, so a killed helper does not stay a zombie until the session ends, and
    /// says so when it ends before the session does: stacks cannot be started any more, and sockets the
    /// anchors made for the supervisor fail with ENETDOWN.
    /// </summary>
    void WatchHelper()
    {
        watcher = new Thread(() =>
        {
            int got;
            do
            {
                got = Libc.waitpid(helperPid, out _, WaitFlags.All);
            }
            while (got < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Errno.EINTR);
            if (!Volatile.Read(ref disposed))
            {
                log.Error("the session's namespace helper (vuos-nshelper, pid {Pid}) has died: no stack can be started any more, " +
                    "and sockets of stacks the supervisor makes through it fail with ENETDOWN", helperPid);
            }
        })
        { IsBackground = true, Name = "vuos-nshelper-watch" };
        watcher.Start();
    }

    public void Dispose()
    {
        Volatile.Write(ref disposed, true);
        fuseDevice?.Dispose();
        foreach (var fd in (stackFileDevices ?? []).Values.Concat(directories.Values))
        {
            fd.Dispose();
        }
        MountNamespace.Dispose();
        UserNamespace?.Dispose();
        if (factory != helper)
        {
            factory.Dispose();
        }
        helper.Dispose();
        switcher?.Dispose();
        // Closing the control sockets ends the factory (after its anchors) and the helper (after the factory):
        // once the watch thread has collected the helper, nothing of the session's namespaces is left.
        if (watcher?.Join(TimeSpan.FromSeconds(10)) == false)
        {
            log.Warning("the session's namespace helper (vuos-nshelper, pid {Pid}) did not end", helperPid);
        }
    }
}
