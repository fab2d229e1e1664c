using System.Text;
using System.Text.Json;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// A decoded argument, result detail or structure field. The same tree is printed as strace's text
/// (<see cref="WriteText"/>) and as a JSON value (<see cref="WriteJson"/>), so both formats say the same thing.
/// </summary>
public abstract class LogValue
{
    public abstract void WriteText(StringBuilder sb);

    public abstract void WriteJson(Utf8JsonWriter w);

    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteText(sb);
        return sb.ToString();
    }

    public static LogValue Dec(long v) => new NumberValue(v, NumberStyle.Decimal);

    public static LogValue UDec(ulong v) => new NumberValue((long)v, NumberStyle.Unsigned);

    public static LogValue Hex(ulong v) => new NumberValue((long)v, NumberStyle.Hex);

    public static LogValue Octal(ulong v) => new NumberValue((long)v, NumberStyle.Octal);

    public static LogValue Pointer(ulong p) => new PointerValue(p);

    public static LogValue Symbol(string name) => new SymbolValue(name);

    public static LogValue Flags(string formatted) => new FlagsValue(formatted);

    public static LogValue Raw(string text) => new RawValue(text);

    public static LogValue Str(byte[] bytes, bool truncated, bool hex = false) => new StringValue(bytes, truncated, hex);

    public static LogValue Deref(LogValue inner) => new DerefValue(inner);

    public static LogValue InOut(LogValue before, LogValue after) => new InOutValue(before, after);

    public static LogValue Commented(LogValue value, string comment) => new CommentedValue(value, comment);

    public static LogValue Call(string function, params LogValue[] args) => new CallValue(function, args);

    public static readonly LogValue Null = new PointerValue(0);
}

public enum NumberStyle : byte
{
    Decimal,
    Unsigned,
    Hex,
    Octal,
}

/// <summary>A number printed in decimal, unsigned, hex (0x...) or octal (0644, 000).</summary>
public sealed class NumberValue(long value, NumberStyle style) : LogValue
{
    public long Value { get; } = value;

    public override void WriteText(StringBuilder sb)
    {
        switch (style)
        {
            case NumberStyle.Decimal:
                sb.Append(Value);
                break;
            case NumberStyle.Unsigned:
                sb.Append((ulong)Value);
                break;
            case NumberStyle.Hex:
                if (Value == 0)
                {
                    sb.Append('0');
                }
                else
                {
                    sb.Append("0x").Append(((ulong)Value).ToString("x"));
                }
                break;
            default:
                sb.Append('0').Append(Value == 0 ? "00" : Convert.ToString(Value, 8));
                break;
        }
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        if (style is NumberStyle.Unsigned or NumberStyle.Hex or NumberStyle.Octal)
        {
            w.WriteNumberValue((ulong)Value);
        }
        else
        {
            w.WriteNumberValue(Value);
        }
    }
}

/// <summary>An address: NULL or 0x...; JSON null or the address as a hex string (64-bit addresses do not fit a double).</summary>
public sealed class PointerValue(ulong address) : LogValue
{
    public ulong Address { get; } = address;

    public override void WriteText(StringBuilder sb)
    {
        if (Address == 0)
        {
            sb.Append("NULL");
        }
        else
        {
            sb.Append("0x").Append(Address.ToString("x"));
        }
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        if (Address == 0)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStringValue("0x" + Address.ToString("x"));
        }
    }
}

/// <summary>A named constant (AF_INET, AT_FDCWD, SIG_DFL).</summary>
public sealed class SymbolValue(string name) : LogValue
{
    public string Name { get; } = name;

    public override void WriteText(StringBuilder sb) => sb.Append(Name);

    public override void WriteJson(Utf8JsonWriter w) => w.WriteStringValue(Name);
}

/// <summary>Or-ed flags as strace prints them (O_RDONLY|O_CLOEXEC); JSON: the list of names (and hex rests).</summary>
public sealed class FlagsValue(string formatted) : LogValue
{
    public override void WriteText(StringBuilder sb) => sb.Append(formatted);

    public override void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartArray();
        if (formatted != "0")
        {
            foreach (var part in formatted.Split('|'))
            {
                w.WriteStringValue(part);
            }
        }
        w.WriteEndArray();
    }
}

/// <summary>Text strace prints as is (a wait status expression, 8192*1024, ~[]); JSON: the same text.</summary>
public sealed class RawValue(string text) : LogValue
{
    public override void WriteText(StringBuilder sb) => sb.Append(text);

    public override void WriteJson(Utf8JsonWriter w) => w.WriteStringValue(text);
}

/// <summary>Bytes from the tracee: strace's quoting, "..." when cut; JSON: the bytes as a string (escaped when not UTF-8).</summary>
public sealed class StringValue(byte[] bytes, bool truncated, bool hex) : LogValue
{
    public byte[] Bytes { get; } = bytes;

    public bool Truncated { get; } = truncated;

    public override void WriteText(StringBuilder sb) => StringQuoter.Append(sb, Bytes, Truncated, hex);

    public override void WriteJson(Utf8JsonWriter w)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(Bytes);
        }
        catch (DecoderFallbackException)
        {
            var sb = new StringBuilder();
            StringQuoter.Append(sb, Bytes, false, hex);
            text = sb.ToString(1, sb.Length - 2);
        }
        w.WriteStringValue(Truncated ? text + "..." : text);
    }

    static readonly UTF8Encoding StrictUtf8 = new(false, true);
}

/// <summary>A value the argument points to: [v].</summary>
public sealed class DerefValue(LogValue inner) : LogValue
{
    public LogValue Inner { get; } = inner;

    public override void WriteText(StringBuilder sb)
    {
        sb.Append('[');
        Inner.WriteText(sb);
        sb.Append(']');
    }

    public override void WriteJson(Utf8JsonWriter w) => Inner.WriteJson(w);
}

/// <summary>A value the call both reads and writes: "in => out" (strace's [128 => 16]).</summary>
public sealed class InOutValue(LogValue before, LogValue after) : LogValue
{
    public override void WriteText(StringBuilder sb)
    {
        before.WriteText(sb);
        sb.Append(" => ");
        after.WriteText(sb);
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("in");
        before.WriteJson(w);
        w.WritePropertyName("out");
        after.WriteJson(w);
        w.WriteEndObject();
    }
}

/// <summary>A value with strace's comment: "0x55d0 /* 12 entries */".</summary>
public sealed class CommentedValue(LogValue value, string comment) : LogValue
{
    public override void WriteText(StringBuilder sb)
    {
        value.WriteText(sb);
        sb.Append(" /* ").Append(comment).Append(" */");
    }

    public override void WriteJson(Utf8JsonWriter w) => value.WriteJson(w);
}

/// <summary>
/// strace's function notation: htons(80), inet_addr("127.0.0.1"), makedev(0x1, 0x3). JSON: the single argument
/// itself, or the arguments as an array.
/// </summary>
public sealed class CallValue(string function, LogValue[] args) : LogValue
{
    public override void WriteText(StringBuilder sb)
    {
        sb.Append(function).Append('(');
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            args[i].WriteText(sb);
        }
        sb.Append(')');
    }

    public override void WriteJson(Utf8JsonWriter w)
    {
        if (args.Length == 1)
        {
            args[0].WriteJson(w);
            return;
        }
        w.WriteStartArray();
        foreach (var a in args)
        {
            a.WriteJson(w);
        }
        w.WriteEndArray();
    }
}
