using System.Text;

namespace Vuos.Net.Tracer.Logging;

/// <summary>Quotes bytes the way strace does: C escapes, octal for other non-printables, "..." when cut.</summary>
public static class StringQuoter
{
    public static string Quote(ReadOnlySpan<byte> bytes, bool truncated)
    {
        var sb = new StringBuilder(bytes.Length + 8);
        sb.Append('"');
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            switch (b)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\f': sb.Append("\\f"); break;
                case (byte)'\v': sb.Append("\\v"); break;
                default:
                    if (b >= 0x20 && b < 0x7f)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        // Octal as strace: short form unless a digit follows.
                        var nextIsDigit = i + 1 < bytes.Length && bytes[i + 1] is >= (byte)'0' and <= (byte)'7';
                        sb.Append('\\').Append(nextIsDigit ? Convert.ToString(b, 8).PadLeft(3, '0') : Convert.ToString(b, 8));
                    }
                    break;
            }
        }
        sb.Append('"');
        if (truncated)
        {
            sb.Append("...");
        }
        return sb.ToString();
    }
}
