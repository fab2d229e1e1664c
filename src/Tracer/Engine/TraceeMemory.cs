using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Reads and writes a tracee's memory with process_vm_readv/writev: one syscall per access and no ptrace
/// stop needed, so the notification thread can use it too. Falls back to /proc/PID/mem where
/// process_vm_* is refused (it honours page protections; /proc/PID/mem, like ptrace, does not).
/// Every failure is an <see cref="ErrnoException"/> with EFAULT, which handlers return to the tracee.
/// </summary>
public sealed unsafe class TraceeMemory(int pid)
{
    public int Pid { get; } = pid;

    public void Read(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }
        if (address == 0)
        {
            throw new ErrnoException("read tracee memory", Errno.EFAULT);
        }
        fixed (byte* p = destination)
        {
            var local = new IoVec { Base = (nint)p, Length = (nuint)destination.Length };
            var remote = new IoVec { Base = (nint)address, Length = (nuint)destination.Length };
            var n = Libc.process_vm_readv(Pid, &local, 1, &remote, 1, 0);
            if (n == destination.Length)
            {
                return;
            }
            if (n < 0 && Marshal.GetLastPInvokeError() is Errno.EPERM or Errno.ENOSYS)
            {
                ProcMemTransfer(address, p, destination.Length, write: false);
                return;
            }
            throw new ErrnoException("read tracee memory", Errno.EFAULT);
        }
    }

    public void Write(ulong address, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return;
        }
        fixed (byte* p = source)
        {
            var local = new IoVec { Base = (nint)p, Length = (nuint)source.Length };
            var remote = new IoVec { Base = (nint)address, Length = (nuint)source.Length };
            var n = Libc.process_vm_writev(Pid, &local, 1, &remote, 1, 0);
            if (n == source.Length)
            {
                return;
            }
            if (n < 0 && Marshal.GetLastPInvokeError() is Errno.EPERM or Errno.ENOSYS)
            {
                ProcMemTransfer(address, p, source.Length, write: true);
                return;
            }
            throw new ErrnoException("write tracee memory", Errno.EFAULT);
        }
    }

    public T Read<T>(ulong address) where T : unmanaged
    {
        T value = default;
        Read(address, new Span<byte>(&value, sizeof(T)));
        return value;
    }

    public void Write<T>(ulong address, in T value) where T : unmanaged
    {
        fixed (T* p = &value)
        {
            Write(address, new ReadOnlySpan<byte>(p, sizeof(T)));
        }
    }

    /// <summary>
    /// Reads up to <paramref name="maxLength"/> bytes or to the first NUL, whichever comes first, without
    /// reading past the page holding the terminator (a string may end right before unmapped memory).
    /// Returns null when no NUL is found within the limit.
    /// </summary>
    public byte[]? ReadCString(ulong address, int maxLength)
    {
        if (address == 0)
        {
            throw new ErrnoException("read tracee string", Errno.EFAULT);
        }
        var result = new List<byte>(64);
        Span<byte> chunk = stackalloc byte[256];
        var cursor = address;
        while (result.Count < maxLength)
        {
            var toPageEnd = 4096 - (int)(cursor & 4095);
            var n = Math.Min(Math.Min(toPageEnd, chunk.Length), maxLength - result.Count);
            var piece = chunk[..n];
            Read(cursor, piece);
            var nul = piece.IndexOf((byte)0);
            if (nul >= 0)
            {
                result.AddRange(piece[..nul]);
                return [.. result];
            }
            result.AddRange(piece);
            cursor += (ulong)n;
        }
        return null;
    }

    /// <summary>A path argument: EFAULT for bad memory, ENAMETOOLONG past PATH_MAX, as the kernel answers.</summary>
    public string ReadPath(ulong address)
    {
        var bytes = ReadCString(address, 4096) ?? throw new ErrnoException("read tracee path", Errno.ENAMETOOLONG);
        return Encoding.UTF8.GetString(bytes);
    }

    void ProcMemTransfer(ulong address, byte* buffer, int length, bool write)
    {
        var fd = Libc.open($"/proc/{Pid}/mem", write ? OpenFlags.ReadWrite | OpenFlags.CloExec : OpenFlags.CloExec, 0);
        if (fd < 0)
        {
            throw new ErrnoException("open tracee memory", Errno.EFAULT);
        }
        try
        {
            var n = write
                ? Libc.pwrite(fd, buffer, (nuint)length, (long)address)
                : Libc.pread(fd, buffer, (nuint)length, (long)address);
            if (n != length)
            {
                throw new ErrnoException(write ? "write tracee memory" : "read tracee memory", Errno.EFAULT);
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
