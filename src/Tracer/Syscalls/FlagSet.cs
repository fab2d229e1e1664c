using System.Text;

namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// The symbolic names of a flags or enumeration argument, as strace prints them: an optional enumerated
/// part selected by a mask (O_RDONLY/O_WRONLY/O_RDWR, SOCK_STREAM/SOCK_DGRAM) followed by or-ed bits.
/// Unknown bits are printed in hex, so nothing the tracee passed is hidden.
/// </summary>
public sealed class FlagSet
{
    readonly (ulong Value, string Name)[] values;
    readonly (ulong Bit, string Name)[] bits;
    readonly ulong valueMask;
    readonly bool valueIsWholeArgument;

    FlagSet(string name, ulong valueMask, bool valueIsWholeArgument, (ulong, string)[] values, (ulong, string)[] bits)
    {
        Name = name;
        this.valueMask = valueMask;
        this.valueIsWholeArgument = valueIsWholeArgument;
        this.values = values;
        this.bits = bits;
    }

    public string Name { get; }

    /// <summary>A plain enumeration (address families, protocols, ptrace requests).</summary>
    public static FlagSet Enum(string name, params (ulong Value, string Name)[] values) =>
        new(name, ulong.MaxValue, true, values, []);

    /// <summary>Or-ed bits only (MSG_*, MAP_*).</summary>
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

    public string Format(ulong raw)
    {
        if (valueIsWholeArgument)
        {
            return NameOf(raw) ?? (raw > 0xffff ? $"0x{raw:x}" : $"{(long)raw}") + $" /* {Name}_??? */";
        }

        var sb = new StringBuilder();
        var rest = raw;
        if (valueMask != 0)
        {
            var field = raw & valueMask;
            sb.Append(NameOf(field) ?? $"0x{field:x}");
            rest &= ~valueMask;
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
        if (rest != 0 || sb.Length == 0)
        {
            if (sb.Length > 0)
            {
                sb.Append('|');
            }
            sb.Append(rest == 0 ? "0" : $"0x{rest:x}");
        }
        return sb.ToString();
    }
}
