using System.Text;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// Quotes bytes the way strace does: C escapes, octal for other non-printables (three digits when a digit
/// follows), "..." when cut; in hex style (getrandom's buffer) every byte as \xNN.
/// </summary>
public static class StringQuoter
{
    public static string Quote(ReadOnlySpan<byte> bytes, bool truncated)
    {
        var sb = new StringBuilder(bytes.Length + 8);
        Append(sb, bytes, truncated, hex: false);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, ReadOnlySpan<byte> bytes, bool truncated, bool hex)
    {
        sb.Append('"');
        if (hex)
        {
            foreach (var b in bytes)
            {
                sb.Append("\\x").Append(HexDigits[b >> 4]).Append(HexDigits[b & 15]);
            }
        }
        else
        {
            AppendEscaped(sb, bytes);
        }
        sb.Append('"');
        if (truncated)
        {
            sb.Append("...");
        }
    }

    static void AppendEscaped(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
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
                        // Octal as strace: short form unless an octal digit follows.
                        var nextIsDigit = i + 1 < bytes.Length && bytes[i + 1] is >= (byte)'0' and <= (byte)'7';
                        sb.Append('\\');
                        if (nextIsDigit || b >= 64)
                        {
                            sb.Append((char)('0' + (b >> 6))).Append((char)('0' + ((b >> 3) & 7))).Append((char)('0' + (b & 7)));
                        }
                        else if (b >= 8)
                        {
                            sb.Append((char)('0' + (b >> 3))).Append((char)('0' + (b & 7)));
                        }
                        else
                        {
                            sb.Append((char)('0' + b));
                        }
                    }
                    break;
            }
        }
    }

    const string HexDigits = "0123456789abcdef";
}
