using System.Text;

namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// The symbolic names of a flags or enumeration argument, as strace's xlat tables hold them: an optional
/// enumerated part selected by a mask (O_RDONLY/O_WRONLY/O_RDWR, SOCK_STREAM) followed by or-ed bits, printed
/// in table order, each entry consuming its bits (so a combined name listed first wins). What no name
/// covers is printed in hex, with strace's "/* PREFIX_??? */" when nothing matched at all.
/// </summary>
public sealed class FlagSet
{
    readonly (ulong Value, string Name)[] values;
    readonly (ulong Bit, string Name)[] bits;
    readonly ulong valueMask;
    readonly bool valueIsWholeArgument;
    readonly bool decimalUnknown;

    FlagSet(string name, ulong valueMask, bool valueIsWholeArgument, (ulong, string)[] values, (ulong, string)[] bits,
        bool decimalUnknown = false)
    {
        Name = name;
        this.valueMask = valueMask;
        this.valueIsWholeArgument = valueIsWholeArgument;
        this.values = values;
        this.bits = bits;
        this.decimalUnknown = decimalUnknown;
    }

    /// <summary>The common prefix strace names unknown values with: AF gives "AF_???".</summary>
    public string Name { get; }

    /// <summary>A plain enumeration (address families, protocols, ptrace requests); unknown values in hex.</summary>
    public static FlagSet Enum(string name, params (ulong Value, string Name)[] values) =>
        new(name, ulong.MaxValue, true, values, []);

    /// <summary>An enumeration whose unknown values strace prints in decimal (printxval_d/_u).</summary>
    public static FlagSet DecimalEnum(string name, params (ulong Value, string Name)[] values) =>
        new(name, ulong.MaxValue, true, values, [], decimalUnknown: true);

    /// <summary>Or-ed bits only (MSG_*, MAP_*). A (0, name) entry names the value 0 (AT_STATX_SYNC_AS_STAT).</summary>
    public static FlagSet Bits(string name, params (ulong Bit, string Name)[] bits) => new(name, 0, false, [], bits);

    /// <summary>An enumerated field under <paramref name="valueMask"/> plus or-ed bits (open flags, socket types).</summary>
    public static FlagSet Mixed(string name, ulong valueMask, (ulong Value, string Name)[] values, (ulong Bit, string Name)[] bits) =>
        new(name, valueMask, false, values, bits);

    /// <summary>Looks up a name for an enumerated value, or null.</summary>
    public string? NameOf(ulong value)
    {
        foreach (var (v, n) in values)
        {
            if (v == value)
            {
                return n;
            }
        }
        return null;
    }

    /// <summary>The enumerated values and their names, in table order.</summary>
    public IReadOnlyList<(ulong Value, string Name)> Names => values;

    /// <summary>The or-ed bits' names (the header check compares them with the C headers).</summary>
    public IReadOnlyList<(ulong Bit, string Name)> BitNames => bits;

    /// <summary>Whether <paramref name="value"/> has a name (for enumerations).</summary>
    public bool Knows(ulong value) => NameOf(value) is not null;

    public string Format(ulong raw)
    {
        if (valueIsWholeArgument)
        {
            return NameOf(raw) ?? Unknown(raw);
        }

        var sb = new StringBuilder();
        var rest = raw;
        if (valueMask != 0)
        {
            var field = raw & valueMask;
            if (NameOf(field) is { } fieldName)
            {
                sb.Append(fieldName);
            }
            else
            {
                sb.Append("0x").Append(field.ToString("x"));
            }
            rest &= ~valueMask;
        }
        else if (raw == 0)
        {
            foreach (var (bit, n) in bits)
            {
                if (bit == 0)
                {
                    return n;
                }
            }
            return "0";
        }
        foreach (var (bit, n) in bits)
        {
            if (bit != 0 && (rest & bit) == bit)
            {
                if (sb.Length > 0)
                {
                    sb.Append('|');
                }
                sb.Append(n);
                rest &= ~bit;
            }
        }
        if (rest != 0)
        {
            if (sb.Length > 0)
            {
                sb.Append('|').Append("0x").Append(rest.ToString("x"));
            }
            else
            {
                sb.Append("0x").Append(rest.ToString("x")).Append(" /* ").Append(Name).Append("_??? */");
            }
        }
        return sb.ToString();
    }

    string Unknown(ulong raw) =>
        (decimalUnknown || raw == 0 ? ((long)raw).ToString() : "0x" + raw.ToString("x")) + " /* " + Name + "_??? */";
}
