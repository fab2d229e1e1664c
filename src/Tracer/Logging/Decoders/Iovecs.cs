namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>struct iovec arrays: [{iov_base="...", iov_len=N}, ...], the data of all elements together cut at a total.</summary>
public static class Iovecs
{
    /// <summary>
    /// <paramref name="count"/> iovecs at <paramref name="address"/>, showing at most <paramref name="dataSize"/>
    /// bytes of data in total (a read's return value; ulong.MaxValue for all of it), each cut at -s. With a
    /// negative <paramref name="dataSize"/> meaning "failed", bases print as addresses.
    /// </summary>
    public static LogValue Decode(DecodeContext c, ulong address, long count, ulong dataSize, bool addressesOnly = false)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        if (count < 0)
        {
            return LogValue.Pointer(address);
        }
        var w = c.WordSize;
        var array = new ArrayValue();
        var remaining = dataSize;
        for (var i = 0L; i < count; i++)
        {
            if (i == c.StringLimit)
            {
                array.Abbreviated = true;
                break;
            }
            var elem = address + (ulong)(i * 2 * w);
            var baseAddr = c.ReadWord(elem);
            var len = c.ReadWord(elem + (ulong)w);
            if (baseAddr is null || len is null)
            {
                if (i == 0)
                {
                    return LogValue.Pointer(address);
                }
                array.Add(LogValue.Commented(LogValue.Raw("..."), "0x" + elem.ToString("x")));
                break;
            }
            var shown = Math.Min(len.Value, remaining);
            if (remaining != ulong.MaxValue)
            {
                remaining -= shown;
            }
            var s = new StructValue();
            s.Add("iov_base", addressesOnly ? LogValue.Pointer(baseAddr.Value) : Primitives.Buffer(c, baseAddr.Value, shown));
            s.Add("iov_len", LogValue.UDec(len.Value));
            array.Add(s);
        }
        return array;
    }
}
