using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// Relays Ethernet frames between a tap device (IFF_TAP|IFF_NO_PI) inside a stack's namespace and a libslirp
/// instance that lives in the supervisor's namespace, giving the stack NAT access to the host network.
/// libslirp is not thread-safe, so after <see cref="Start"/> one dedicated thread owns the instance: it polls
/// the tap, a wake-up eventfd and the host sockets libslirp asks for, feeds every frame the tap holds to
/// slirp_input, lets slirp_pollfds_poll move socket data, and runs libslirp's timers.
/// </summary>
/// <remarks>
/// libslirp's host sockets (connections out, host forwards) are created in the network namespace of the thread
/// that calls into it, and a new thread inherits its creator's: call <see cref="Start"/> from a thread in the
/// namespace whose network the stack should reach, never from one that setns'd into a stack.
/// </remarks>
public sealed unsafe partial class SlirpRelay : IDisposable
{
    /// <summary>Room for the largest frame libslirp accepts (MTU 65521 plus the Ethernet and a VLAN header).</summary>
    const int FrameBufferSize = 65536 + 256;

    /// <summary>Fixed slots of the poll set; libslirp's sockets follow.</summary>
    const int WakeSlot = 0;
    const int TapSlot = 1;

    readonly SlirpOptions options;
    readonly SafeFd tap;
    readonly ILogger log;
    readonly SafeFd wake;
    readonly SlirpTimers timers = new();
    readonly SlirpPollSet pollSet = new();
    readonly byte[] frame = new byte[FrameBufferSize];

    GCHandle self;
    SlirpCb* callbacks;
    nint slirp;
    Thread? thread;
    volatile bool stopping;
    bool disposed;
    long framesIn;
    long framesOut;
    long framesDropped;
    bool tapWriteErrorLogged;

    /// <summary>Takes ownership of <paramref name="tap"/>, which the relay makes non-blocking.</summary>
    public SlirpRelay(SlirpOptions options, SafeFd tap, ILogger log)
    {
        this.options = options;
        this.tap = tap;
        this.log = log.ForContext<SlirpRelay>();
        wake = new SafeFd(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
    }

    /// <summary>Creates the libslirp instance, installs the host forwards and starts the relay thread.</summary>
    /// <exception cref="InvalidOperationException">libslirp rejected the configuration or a host forward (the message says which and why).</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (slirp != 0 || thread is not null)
        {
            throw new InvalidOperationException("slirp: the relay is already started");
        }

        ErrnoException.Check(Libc.SetNonBlocking(tap, true), "fcntl F_SETFL tap");

        var config = SlirpNativeConfig.Build(options);
        self = GCHandle.Alloc(this);
        callbacks = NewCallbackTable();
        slirp = LibSlirp.slirp_new(&config, callbacks, Opaque);
        if (slirp == 0)
        {
            ReleaseNative();
            throw new InvalidOperationException($"slirp: libslirp {LibSlirp.VersionString} rejected the configuration of network {options.Network}/{options.PrefixLength}");
        }

        try
        {
            foreach (var forward in options.HostForwards)
            {
                AddHostForward(forward);
            }
        }
        catch
        {
            LibSlirp.slirp_cleanup(slirp);
            slirp = 0;
            ReleaseNative();
            throw;
        }

        thread = new Thread(Run) { IsBackground = true, Name = "slirp relay" };
        thread.Start();
        StartApi();
        log.Information("slirp {Version:l}: {Network:l}/{PrefixLength} gateway {Gateway:l} dns {Dns:l} mtu {Mtu}{NoLoopback:l} forwards [{Forwards:l}]",
            LibSlirp.VersionString, options.Network.ToString(), options.PrefixLength, options.Gateway.ToString(), options.Dns.ToString(),
            options.Mtu, options.DisableHostLoopback ? " no-host-loopback" : "", string.Join(", ", options.HostForwards));
    }

    void AddHostForward(HostForward forward)
    {
        var result = LibSlirp.slirp_add_hostfwd(slirp, forward.Udp ? 1 : 0, SlirpNativeConfig.InAddr(forward.HostAddress),
            forward.HostPort, SlirpNativeConfig.InAddr(forward.GuestAddress), forward.GuestPort);
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"slirp: cannot forward {forward.Protocol} port {forward.HostPort}: {Marshal.GetPInvokeErrorMessage(errno)}",
                new ErrnoException("slirp_add_hostfwd", errno));
        }
        if (!forward.Udp && HostForwardBacklog.Raise(forward.HostPort) == 0)
        {
            log.Warning("slirp: the listener of tcp port {Port} keeps libslirp's backlog of 1: bursts of connections will wait", forward.HostPort);
        }
        Remember(forward);
    }

    /// <summary>Stops the relay thread, which frees the libslirp instance (closing its host sockets), then closes the tap.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        api?.Dispose();
        if (thread is not null)
        {
            stopping = true;
            Wake();
            thread.Join();
            log.Debug("slirp relay stopped: {FramesIn} frames in, {FramesOut} out, {FramesDropped} dropped",
                framesIn, framesOut, framesDropped);
        }
        ReleaseNative();
        tap.Dispose();
        wake.Dispose();
    }

    void Wake()
    {
        ulong one = 1;
        // EAGAIN means the counter is already non-zero: the thread wakes anyway.
        _ = Libc.write(wake, &one, sizeof(ulong));
    }

    void* Opaque => (void*)GCHandle.ToIntPtr(self);

    void ReleaseNative()
    {
        if (callbacks is not null)
        {
            NativeMemory.Free(callbacks);
            callbacks = null;
        }
        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    void Run()
    {
        try
        {
            while (!stopping)
            {
                RunOnce();
            }
        }
        catch (Exception e)
        {
            log.Error(e, "slirp relay failed; the stack has lost its network");
        }
        finally
        {
            LibSlirp.slirp_cleanup(slirp);
            slirp = 0;
            timers.Clear();
        }
    }

    void RunOnce()
    {
        pollSet.Clear();
        pollSet.Add(wake.Fd, PollEvents.POLLIN);
        pollSet.Add(tap.Fd, PollEvents.POLLIN);
        var slirpTimeout = uint.MaxValue;
        LibSlirp.slirp_pollfds_fill(slirp, &slirpTimeout, &AddPoll, Opaque);

        var ready = pollSet.Poll(timers.PollTimeout(slirpTimeout));
        var pollFailed = ready < 0;
        if (pollFailed && Marshal.GetLastPInvokeError() != Errno.EINTR)
        {
            throw ErrnoException.FromLastError("poll");
        }

        // select_error tells libslirp not to trust revents, yet it still runs its TCP timers.
        LibSlirp.slirp_pollfds_poll(slirp, pollFailed ? 1 : 0, &GetRevents, Opaque);
        if (!pollFailed)
        {
            if ((pollSet.Revents(TapSlot) & (PollEvents.POLLIN | PollEvents.POLLERR | PollEvents.POLLHUP)) != 0)
            {
                DrainTap();
            }
            if ((pollSet.Revents(WakeSlot) & PollEvents.POLLIN) != 0)
            {
                ulong count;
                _ = Libc.read(wake, &count, sizeof(ulong));
            }
        }
        RunCommands();
        timers.RunExpired(slirp);
    }

    /// <summary>Feeds libslirp every frame the tap holds: one wake-up per burst instead of one per frame.</summary>
    void DrainTap()
    {
        fixed (byte* buffer = frame)
        {
            while (true)
            {
                var n = Libc.read(tap, buffer, FrameBufferSize);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EAGAIN)
                    {
                        return;
                    }
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }
                    throw new ErrnoException("read tap", errno);
                }
                if (n == 0)
                {
                    return;
                }
                framesIn++;
                LibSlirp.slirp_input(slirp, buffer, (int)n);
            }
        }
    }

    /// <summary>send_packet: a frame from libslirp for the stack.</summary>
    nint SendToTap(void* buffer, nuint length)
    {
        var n = Libc.write(tap, buffer, length);
        if (n >= 0)
        {
            framesOut++;
            return n;
        }
        var errno = Marshal.GetLastPInvokeError();
        // A full tap queue drops the frame, as a NIC would; TCP inside the stack retransmits. Reporting the length
        // rather than an error keeps libslirp from printing a critical message on stderr for each frame.
        framesDropped++;
        if (errno != Errno.EAGAIN && !tapWriteErrorLogged)
        {
            tapWriteErrorLogged = true;
            log.Warning("slirp: writing a frame to the tap failed: {Error:l}; dropping frames", Marshal.GetPInvokeErrorMessage(errno));
        }
        return (nint)length;
    }
}
