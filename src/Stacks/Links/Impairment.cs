using System.Globalization;

namespace Vuos.Net.Stacks.Links;

/// <summary>
/// A bad network on purpose, applied to a stack's link in each direction by <see cref="ImpairmentShim"/>: the
/// options `delay=60ms`, `jitter=10ms`, `loss=30%`, `rate=10mbit`, `duplicate=1%` of slirp, tap, vde and vxvde
/// stacks. This kernel has no sch_netem, so the supervisor does what netem would; frames keep their order
/// (jitter never reorders), as netem does with a rate set.
/// </summary>
public sealed record Impairment(TimeSpan Delay, TimeSpan Jitter, double Loss, long RateBitsPerSecond, double Duplicate)
{
    public static readonly string[] Keys = ["delay", "jitter", "loss", "rate", "duplicate"];

    public static bool IsKey(string key) => Keys.Contains(key);

    /// <summary>The impairment the options ask for (options of other keys are ignored), or null for none.</summary>
    /// <exception cref="FormatException">A value that is not a time, a share or a rate.</exception>
    public static Impairment? Parse(IEnumerable<string> options)
    {
        var result = new Impairment(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0);
        var any = false;
        foreach (var option in options)
        {
            var eq = option.IndexOf('=');
            var (key, value) = eq < 0 ? (option.Trim(), "") : (option[..eq].Trim(), option[(eq + 1)..].Trim());
            if (!IsKey(key))
            {
                continue;
            }
            any = true;
            result = key switch
            {
                "delay" => result with { Delay = Time(key, value) },
                "jitter" => result with { Jitter = Time(key, value) },
                "loss" => result with { Loss = Share(key, value) },
                "duplicate" => result with { Duplicate = Share(key, value) },
                _ => result with { RateBitsPerSecond = Rate(key, value) },
            };
        }
        if (any && result.Jitter > result.Delay)
        {
            throw new FormatException($"jitter={result.Jitter.TotalMilliseconds}ms is larger than delay={result.Delay.TotalMilliseconds}ms: a frame cannot leave before it was sent");
        }
        return any ? result : null;
    }

    /// <summary>60ms, 1.5s, 250us; a bare number is milliseconds.</summary>
    static TimeSpan Time(string key, string value)
    {
        var (number, unit) = Split(value);
        var scale = unit switch { "" or "ms" => 1.0, "s" => 1000.0, "us" => 0.001, _ => double.NaN };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && !double.IsNaN(scale) && n * scale <= 60_000
            ? TimeSpan.FromMilliseconds(n * scale)
            : throw new FormatException($"{key}={value}: expected a time up to 60 s, such as 60ms, 1.5s or 250us");
    }

    /// <summary>30% or 0.3.</summary>
    static double Share(string key, string value)
    {
        var percent = value.EndsWith('%');
        var text = percent ? value[..^1] : value;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && (percent ? n / 100 : n) is var share and >= 0 and <= 1
            ? share
            : throw new FormatException($"{key}={value}: expected a share, such as 30% or 0.3");
    }

    /// <summary>10mbit, 1gbit, 500kbit, or bits per second.</summary>
    static long Rate(string key, string value)
    {
        var (number, unit) = Split(value.ToLowerInvariant());
        var scale = unit switch { "" or "bit" => 1L, "kbit" => 1_000L, "mbit" => 1_000_000L, "gbit" => 1_000_000_000L, _ => 0L };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && scale > 0 && n * scale >= 8_000
            ? (long)(n * scale)
            : throw new FormatException($"{key}={value}: expected a rate of at least 8kbit, such as 10mbit, 1gbit or 500kbit");
    }

    static (string Number, string Unit) Split(string value)
    {
        var i = 0;
        while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
        {
            i++;
        }
        return (value[..i], value[i..]);
    }

    public override string ToString() => string.Join(",", new[]
    {
        Delay > TimeSpan.Zero ? $"delay={Delay.TotalMilliseconds}ms" : null,
        Jitter > TimeSpan.Zero ? $"jitter={Jitter.TotalMilliseconds}ms" : null,
        Loss > 0 ? $"loss={Loss * 100}%" : null,
        RateBitsPerSecond > 0 ? $"rate={RateBitsPerSecond}bit" : null,
        Duplicate > 0 ? $"duplicate={Duplicate * 100}%" : null,
    }.Where(s => s is not null));
}
