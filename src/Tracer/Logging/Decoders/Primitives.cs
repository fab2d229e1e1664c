using System.Buffers.Binary;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>The small pieces every decoder prints with: descriptors, paths, strings, buffers, ints behind pointers.</summary>
public static class Primitives
{
    /// <summary>strace's PATH_MAX: paths are printed whole, whatever -s says.</summary>
    public const int PathMax = 4096;

    const int AtFdCwd = AtFlags.AT_FDCWD;

    public static LogValue Fd(DecodeContext c, int fd) => new FdValue(fd, fd >= 0 ? c.LabelOf(fd) : null);

    public static LogValue DirFd(DecodeContext c, int fd) => fd == AtFdCwd ? LogValue.Symbol("AT_FDCWD") : Fd(c, fd);

    public static LogValue Path(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        return c.ReadCString(address, PathMax) is var (bytes, cut) ? LogValue.Str(bytes, cut) : LogValue.Pointer(address);
    }

    /// <summary>A NUL-terminated string cut at -s.</summary>
    public static LogValue String(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        return c.ReadCString(address, c.StringLimit) is var (bytes, cut) ? LogValue.Str(bytes, cut) : LogValue.Pointer(address);
    }

    /// <summary>A buffer of <paramref name="length"/> bytes, showing at most -s of them.</summary>
    public static LogValue Buffer(DecodeContext c, ulong address, ulong length, bool hex = false)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var n = (int)Math.Min(length, (ulong)c.StringLimit);
        var bytes = c.Read(address, n);
        return bytes is null ? LogValue.Pointer(address) : LogValue.Str(bytes, length > (ulong)c.StringLimit, hex);
    }

    /// <summary>A string in a fixed-size field (utsname's): up to its NUL.</summary>
    public static LogValue FixedString(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return LogValue.Str((nul >= 0 ? field[..nul] : field).ToArray(), false);
    }

    /// <summary>[value] of the int at <paramref name="address"/>.</summary>
    public static LogValue IntPtr(DecodeContext c, ulong address) =>
        c.ReadInt(address) is { } v ? LogValue.Deref(LogValue.Dec(v)) : LogValue.Pointer(address);

    public static LogValue Flags(FlagSet set, ulong value) => LogValue.Flags(set.Format(value));

    public static LogValue Enum(FlagSet set, ulong value) => LogValue.Symbol(set.Format(value));

    public static LogValue Signal(int sig) =>
        LinuxNames.SignalName(sig) is { } name ? LogValue.Symbol(name) : LogValue.Dec(sig);

    public static LogValue FdPair(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 8);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        return new ArrayValue().Add(Fd(c, BinaryPrimitives.ReadInt32LittleEndian(b))).Add(Fd(c, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4))));
    }

    /// <summary>argv: the strings, "..." after -s of them, as strace abbreviates.</summary>
    public static LogValue StringArray(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var array = new ArrayValue();
        for (var i = 0; ; i++)
        {
            var p = c.ReadWord(address + (ulong)(i * c.WordSize));
            if (p is null)
            {
                return i == 0 ? LogValue.Pointer(address) : array;
            }
            if (p == 0)
            {
                return array;
            }
            if (i == c.StringLimit)
            {
                array.Abbreviated = true;
                return array;
            }
            array.Add(String(c, p.Value));
        }
    }

    /// <summary>envp: its address and how many strings it holds.</summary>
    public static LogValue EnvArray(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        for (var i = 0; i < 65536; i++)
        {
            var p = c.ReadWord(address + (ulong)(i * c.WordSize));
            if (p is null)
            {
                return LogValue.Pointer(address);
            }
            if (p == 0)
            {
                return LogValue.Commented(LogValue.Pointer(address), $"{i} var{(i == 1 ? "" : "s")}");
            }
        }
        return LogValue.Pointer(address);
    }
}
