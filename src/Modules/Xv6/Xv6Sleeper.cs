using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// A waiting call's wake-up, xv6's sleep/wakeup: an eventfd the blocking-call thread polls and the table writes
/// at every change, after which the call checks again whether it can finish. It starts signalled, so the call's
/// first check runs at once.
/// </summary>
public sealed unsafe class Xv6Sleeper : IDisposable
{
    readonly SafeFd fd = new(ErrnoException.Check(Libc.eventfd(1, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));

    public int Fd => fd.Fd;

    public void Wake()
    {
        ulong one = 1;
        Libc.write(fd, &one, 8);
    }

    public void Drain()
    {
        ulong count;
        Libc.read(fd, &count, 8);
    }

    public void Dispose() => fd.Dispose();
}
