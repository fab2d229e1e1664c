using System.Buffers.Binary;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>
/// struct stat, stat64 and statx in strace's abbreviated form: the mode, then the size (or the device of a
/// device file), then "...".
/// </summary>
public static class Stats
{
    const uint TypeMask = 0xf000;

    /// <summary>The ABI's struct stat: x86-64's 144-byte one, or i386's own (16-bit ids).</summary>
    public static LogValue Stat(DecodeContext c, ulong address)
    {
        if (c.Compat)
        {
            var b32 = c.Read(address, 64);
            return b32 is null ? LogValue.Pointer(address) : Abbreviated(
                BinaryPrimitives.ReadUInt16LittleEndian(b32.AsSpan(8)),
                BinaryPrimitives.ReadUInt32LittleEndian(b32.AsSpan(16)),
                BinaryPrimitives.ReadUInt32LittleEndian(b32.AsSpan(20)));
        }
        var b = c.Read(address, 144);
        return b is null ? LogValue.Pointer(address) : Abbreviated(
            BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(24)),
            BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(40)),
            BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(48)));
    }

    /// <summary>i386's struct stat64.</summary>
    public static LogValue Stat64(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 96);
        return b is null ? LogValue.Pointer(address) : Abbreviated(
            BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(16)),
            BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(32)),
            BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(44)));
    }

    public static LogValue Statx(DecodeContext c, ulong address)
    {
        // The abbreviated form stops at stx_size.
        var b = c.Read(address, 48);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var mask = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var s = new StructValue { Abbreviated = true };
        s.Add("stx_mask", LogValue.Flags(FlagSets.StatxMask.Format(mask)));
        s.Add("stx_attributes", LogValue.Flags(FlagSets.StatxAttributes.Format(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8)))));
        if ((mask & 0x3) != 0)
        {
            s.Add("stx_mode", LogValue.Raw(Mode(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(28)))));
        }
        if ((mask & 0x200) != 0)
        {
            s.Add("stx_size", LogValue.UDec(BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(40))));
        }
        return s;
    }

    /// <summary>struct statfs (x86-64) abbreviated as strace prints it.</summary>
    public static LogValue Statfs(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 120);
        if (b is null || c.Compat)
        {
            return LogValue.Pointer(address);
        }
        ulong U(int i) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8 * i));
        var s = new StructValue();
        s.Add("f_type", LogValue.Hex(U(0)));
        s.Add("f_bsize", LogValue.UDec(U(1)));
        s.Add("f_blocks", LogValue.UDec(U(2)));
        s.Add("f_bfree", LogValue.UDec(U(3)));
        s.Add("f_bavail", LogValue.UDec(U(4)));
        s.Add("f_files", LogValue.UDec(U(5)));
        s.Add("f_ffree", LogValue.UDec(U(6)));
        s.Add("f_fsid", new StructValue().Add("val", new ArrayValue()
            .Add(LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(56))))
            .Add(LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(60))))));
        s.Add("f_namelen", LogValue.UDec(U(8)));
        s.Add("f_frsize", LogValue.UDec(U(9)));
        s.Add("f_flags", LogValue.Hex(U(10)));
        return s;
    }

    static StructValue Abbreviated(uint mode, ulong rdev, long size)
    {
        var s = new StructValue { Abbreviated = true };
        s.Add("st_mode", LogValue.Raw(Mode(mode)));
        if ((mode & TypeMask) is 0x2000 or 0x6000)
        {
            s.Add("st_rdev", Device(rdev));
        }
        else
        {
            s.Add("st_size", LogValue.Dec(size));
        }
        return s;
    }

    /// <summary>A mode with its file type: S_IFREG|0644, S_IFDIR|S_ISVTX|0777.</summary>
    public static string Mode(uint mode)
    {
        var type = mode & TypeMask;
        string ifmt;
        if (type == 0)
        {
            ifmt = "";
        }
        else if (FlagSets.FileType.NameOf(type) is { } name)
        {
            ifmt = name + "|";
        }
        else
        {
            return Octal(mode);
        }
        return ifmt + ((mode & 0x800) != 0 ? "S_ISUID|" : "") + ((mode & 0x400) != 0 ? "S_ISGID|" : "") +
            ((mode & 0x200) != 0 ? "S_ISVTX|" : "") + Octal(mode & 0x1ff);
    }

    /// <summary>C's %#03o: a leading 0, at least three digits.</summary>
    public static string Octal(ulong v) => v == 0 ? "000" : "0" + Convert.ToString((long)v, 8).PadLeft(2, '0');

    public static LogValue Device(ulong dev)
    {
        var major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL);
        var minor = (dev & 0xff) | ((dev >> 12) & ~0xffUL);
        return LogValue.Call("makedev", LogValue.Hex(major), LogValue.Hex(minor));
    }
}
