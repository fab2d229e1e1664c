using System.Buffers.Binary;
using System.Text;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>struct termios (abbreviated: the four flag words, then "...") and struct winsize.</summary>
public static class Terminal
{
    static readonly FlagSet InputFlags = FlagSet.Bits("I",
        (0x1, "IGNBRK"), (0x2, "BRKINT"), (0x4, "IGNPAR"), (0x8, "PARMRK"), (0x10, "INPCK"), (0x20, "ISTRIP"),
        (0x40, "INLCR"), (0x80, "IGNCR"), (0x100, "ICRNL"), (0x200, "IUCLC"), (0x400, "IXON"), (0x800, "IXANY"),
        (0x1000, "IXOFF"), (0x2000, "IMAXBEL"), (0x4000, "IUTF8"));

    static readonly FlagSet OutputFlags = FlagSet.Bits("O",
        (0x1, "OPOST"), (0x2, "OLCUC"), (0x4, "ONLCR"), (0x8, "OCRNL"), (0x10, "ONOCR"), (0x20, "ONLRET"),
        (0x40, "OFILL"), (0x80, "OFDEL"));

    static readonly FlagSet ControlFlags = FlagSet.Bits("C",
        (0x40, "CSTOPB"), (0x80, "CREAD"), (0x100, "PARENB"), (0x200, "PARODD"), (0x400, "HUPCL"), (0x800, "CLOCAL"),
        (0x40000000, "CMSPAR"), (0x80000000, "CRTSCTS"));

    static readonly FlagSet LocalFlags = FlagSet.Bits("L",
        (0x1, "ISIG"), (0x2, "ICANON"), (0x4, "XCASE"), (0x8, "ECHO"), (0x10, "ECHOE"), (0x20, "ECHOK"), (0x40, "ECHONL"),
        (0x80, "NOFLSH"), (0x8000, "IEXTEN"), (0x200, "ECHOCTL"), (0x400, "ECHOPRT"), (0x800, "ECHOKE"), (0x1000, "FLUSHO"),
        (0x4000, "PENDIN"), (0x100, "TOSTOP"), (0x10000, "EXTPROC"));

    static readonly FlagSet Baud = FlagSet.Enum("B",
        (0x0, "B0"), (0x1, "B50"), (0x2, "B75"), (0x3, "B110"), (0x4, "B134"), (0x5, "B150"), (0x6, "B200"), (0x7, "B300"),
        (0x8, "B600"), (0x9, "B1200"), (0xa, "B1800"), (0xb, "B2400"), (0xc, "B4800"), (0xd, "B9600"), (0xe, "B19200"),
        (0xf, "B38400"), (0x1001, "B57600"), (0x1002, "B115200"), (0x1003, "B230400"), (0x1004, "B460800"),
        (0x1005, "B500000"), (0x1006, "B576000"), (0x1007, "B921600"), (0x1008, "B1000000"), (0x1009, "B1152000"),
        (0x100a, "B1500000"), (0x100b, "B2000000"), (0x100c, "B2500000"), (0x100d, "B3000000"), (0x100e, "B3500000"),
        (0x100f, "B4000000"));

    /// <summary>The delay fields of c_oflag, each a value under its mask (strace prints them all, zero included).</summary>
    static readonly (uint Mask, (uint Value, string Name)[] Names, string Unknown)[] OutputDelays =
    [
        (0x100, [(0x0, "NL0"), (0x100, "NL1")], "NL?"),
        (0x600, [(0x0, "CR0"), (0x200, "CR1"), (0x400, "CR2"), (0x600, "CR3")], "CR?"),
        (0x1800, [(0x1800, "XTABS"), (0x0, "TAB0"), (0x800, "TAB1"), (0x1000, "TAB2")], "TAB?"),
        (0x2000, [(0x2000, "BS1"), (0x0, "BS0")], "BS?"),
        (0x4000, [(0x0, "VT0"), (0x4000, "VT1")], "VT?"),
        (0x8000, [(0x0, "FF0"), (0x8000, "FF1")], "FF?"),
    ];

    public static LogValue Termios(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var b = c.Read(address, 16);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        uint F(int i) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4 * i));
        return new StructValue { Abbreviated = true }
            .Add("c_iflag", LogValue.Flags(InputFlags.Format(F(0))))
            .Add("c_oflag", LogValue.Flags(OutputFlag(F(1))))
            .Add("c_cflag", LogValue.Flags(ControlFlag(F(2))))
            .Add("c_lflag", LogValue.Flags(LocalFlags.Format(F(3))));
    }

    static string OutputFlag(uint v)
    {
        var sb = new StringBuilder();
        foreach (var (mask, names, unknown) in OutputDelays)
        {
            var field = v & mask;
            var name = names.FirstOrDefault(n => n.Value == field).Name;
            sb.Append(name ?? $"0x{field:x} /* {unknown} */").Append('|');
            v &= ~mask;
        }
        return sb.Append(OutputFlags.Format(v)).ToString();
    }

    static string ControlFlag(uint v)
    {
        const uint Cbaud = 0x100f, Cibaud = 0x100f0000, Csize = 0x30;
        var sb = new StringBuilder(Baud.Format(v & Cbaud)).Append('|');
        if ((v & Cibaud) != 0)
        {
            sb.Append(Baud.Format((v & Cibaud) >> 16)).Append("<<IBSHIFT|");
        }
        sb.Append("CS" + (5 + ((v & Csize) >> 4))).Append('|');
        return sb.Append(ControlFlags.Format(v & ~(Cbaud | Cibaud | Csize))).ToString();
    }

    public static LogValue Winsize(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var b = c.Read(address, 8);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        ushort U(int i) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(2 * i));
        return new StructValue()
            .Add("ws_row", LogValue.UDec(U(0)))
            .Add("ws_col", LogValue.UDec(U(1)))
            .Add("ws_xpixel", LogValue.UDec(U(2)))
            .Add("ws_ypixel", LogValue.UDec(U(3)));
    }
}
