using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// The functions libslirp calls back. They run on the relay thread, inside slirp_new, slirp_input,
/// slirp_pollfds_* or slirp_handle_timer, with the relay's GCHandle as opaque. A managed exception must not
/// unwind into C, so each one catches and logs.
/// </summary>
public sealed unsafe partial class SlirpRelay
{
    /// <summary>The table lives in native memory: libslirp keeps the pointer until slirp_cleanup.</summary>
    static SlirpCb* NewCallbackTable()
    {
        var cb = (SlirpCb*)NativeMemory.AllocZeroed((nuint)sizeof(SlirpCb));
        cb->SendPacket = &OnSendPacket;
        cb->GuestError = &OnGuestError;
        cb->ClockGetNs = &OnClockGetNs;
        cb->TimerNew = &OnTimerNew;
        cb->TimerFree = &OnTimerFree;
        cb->TimerMod = &OnTimerMod;
        cb->RegisterPollFd = &OnRegisterPollFd;
        cb->UnregisterPollFd = &OnRegisterPollFd;
        cb->Notify = &OnNotify;
        cb->InitCompleted = &OnInitCompleted;
        cb->TimerNewOpaque = &OnTimerNewOpaque;
        return cb;
    }

    static SlirpRelay From(void* opaque) => (SlirpRelay)GCHandle.FromIntPtr((nint)opaque).Target!;

    [UnmanagedCallersOnly]
    static nint OnSendPacket(void* buffer, nuint length, void* opaque)
    {
        try
        {
            return From(opaque).SendToTap(buffer, length);
        }
        catch (Exception e)
        {
            From(opaque).log.Error(e, "slirp: send_packet failed");
            return (nint)length;
        }
    }

    [UnmanagedCallersOnly]
    static void OnGuestError(byte* message, void* opaque)
    {
        try
        {
            From(opaque).log.Warning("slirp: guest error: {Message:l}", Marshal.PtrToStringUTF8((nint)message));
        }
        catch
        {
            // Nothing sensible is left to report a failing log call to.
        }
    }

    [UnmanagedCallersOnly]
    static long OnClockGetNs(void* opaque) => SlirpTimers.NowNs();

    [UnmanagedCallersOnly]
    static void* OnTimerNew(void* callback, void* callbackOpaque, void* opaque) =>
        From(opaque).timers.Create((delegate* unmanaged<void*, void>)callback, callbackOpaque);

    [UnmanagedCallersOnly]
    static void* OnTimerNewOpaque(int id, void* callbackOpaque, void* opaque) =>
        From(opaque).timers.Create(id, callbackOpaque);

    [UnmanagedCallersOnly]
    static void OnTimerFree(void* timer, void* opaque) => From(opaque).timers.Free(timer);

    [UnmanagedCallersOnly]
    static void OnTimerMod(void* timer, long expireMs, void* opaque) => From(opaque).timers.Modify(timer, expireMs);

    /// <summary>register_poll_fd and unregister_poll_fd: nothing to do, the poll set is rebuilt on every iteration.</summary>
    [UnmanagedCallersOnly]
    static void OnRegisterPollFd(int fd, void* opaque)
    {
    }

    /// <summary>
    /// notify: libslirp can accept more data for a socket. It calls this from inside the relay loop, which
    /// asks slirp_pollfds_fill again before sleeping, so there is nobody to wake.
    /// </summary>
    [UnmanagedCallersOnly]
    static void OnNotify(void* opaque)
    {
    }

    /// <summary>init_completed: the instance exists before slirp_new returns; timers created from here on need it.</summary>
    [UnmanagedCallersOnly]
    static void OnInitCompleted(nint slirp, void* opaque) => From(opaque).slirp = slirp;

    /// <summary>add_poll of slirp_pollfds_fill: returns the index libslirp hands back to get_revents.</summary>
    [UnmanagedCallersOnly]
    static int AddPoll(int fd, int slirpEvents, void* opaque) =>
        From(opaque).pollSet.Add(fd, SlirpPollSet.ToPollEvents(slirpEvents));

    [UnmanagedCallersOnly]
    static int GetRevents(int index, void* opaque) =>
        SlirpPollSet.ToSlirpEvents(From(opaque).pollSet.Revents(index));
}
