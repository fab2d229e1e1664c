using System.Collections.Frozen;
using Vuos.Net.Tracer.Logging.Calls;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// The calls strace decodes with code of their own, because an argument's meaning depends on another
/// (fcntl's command, setsockopt's level) or the result says more (poll's revents). Keyed by the row's
/// decoder name; every other call is decoded by its table row alone.
/// </summary>
static class CallDecoders
{
    static readonly FrozenDictionary<string, CallDecoder> ByName = new Dictionary<string, CallDecoder>
    {
        ["open"] = new OpenCall(0),
        ["openat"] = new OpenCall(1),
        ["mq_open"] = new OpenCall(0, queue: true),
        ["socket"] = new SocketCall(pair: false),
        ["socketpair"] = new SocketCall(pair: true),
        ["setsockopt"] = new SockoptCall(get: false),
        ["getsockopt"] = new SockoptCall(get: true),
        ["sendmsg"] = new MsgCall(receive: false),
        ["recvmsg"] = new MsgCall(receive: true),
        ["sendmmsg"] = new MmsgCall(receive: false),
        ["recvmmsg"] = new MmsgCall(receive: true),
        ["poll"] = new PollCall(ppoll: false),
        ["ppoll"] = new PollCall(ppoll: true),
        ["select"] = new SelectCall(SelectCall.Style.Select),
        ["pselect6"] = new SelectCall(SelectCall.Style.Pselect6),
        ["oldselect"] = new SelectCall(SelectCall.Style.OldSelect),
        ["epoll_wait"] = new EpollWaitCall(0),
        ["epoll_pwait"] = new EpollWaitCall(1),
        ["epoll_pwait2"] = new EpollWaitCall(2),
        ["fcntl"] = new FcntlCall(is64: false),
        ["fcntl64"] = new FcntlCall(is64: true),
        ["ioctl"] = new IoctlCall(),
        ["clone"] = new CloneCall(),
        ["clone3"] = new Clone3Call(),
        ["rt_sigreturn"] = new RtSigreturnCall(),
        ["futex"] = new FutexCall(),
        ["prctl"] = new PrctlCall(),
        ["capget"] = new CapCall(set: false),
        ["capset"] = new CapCall(set: true),
        ["mmap"] = new MmapCall(MmapCall.Form.Mmap),
        ["mmap2"] = new MmapCall(MmapCall.Form.Mmap2),
        ["old_mmap"] = new MmapCall(MmapCall.Form.OldMmap),
    }.ToFrozenDictionary();

    public static CallDecoder For(SyscallDescriptor syscall) =>
        ByName.TryGetValue(syscall.Decoder ?? syscall.Name, out var decoder) ? decoder : TableDecoder.Instance;
}
