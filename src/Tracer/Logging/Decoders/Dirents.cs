using System.Buffers.Binary;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>getdents/getdents64 buffers, abbreviated as strace prints them: the address and the number of entries.</summary>
public static class Dirents
{
    const int HeaderSize64 = 19;

    public static LogValue Decode(DecodeContext c, ulong address, ulong length)
    {
        var bytes = c.Read(address, (int)Math.Min(length, 1 << 20));
        if (bytes is null)
        {
            return LogValue.Pointer(address);
        }
        var count = 0;
        var offset = 0;
        var left = bytes.Length;
        while (left >= HeaderSize64)
        {
            count++;
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 16));
            if (reclen > left)
            {
                reclen = left;
            }
            else if (reclen < HeaderSize64)
            {
                left -= HeaderSize64;
                break;
            }
            left -= reclen;
            offset += reclen;
            if (left == 0)
            {
                break;
            }
        }
        return LogValue.Commented(LogValue.Pointer(address), $"{count}{(left > 0 ? "+" : "")} entries");
    }
}
