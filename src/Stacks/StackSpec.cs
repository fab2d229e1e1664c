namespace Vuos.Net.Stacks;

/// <summary>
/// A stack as the user writes it after `--stack PATH=`: `host`, `loopback` (or `lo`), `slirp[:OPTIONS]`,
/// `tap:IFNAME[,OPTIONS]`, and a VDE URL with options: `vde:///tmp/switch[,OPTIONS]`, `vxvde://239.1.2.3`
/// (the whole URL goes to libvdeplug). Parsing checks the options, so a typo fails at start-up, not when the
/// stack is first used.
/// </summary>
public sealed record StackSpec(StackKind Kind, string Text, string Target, IReadOnlyList<string> Options)
{
    /// <summary>The name of the stack's link in its namespace: eth0, or vde0 for VUOS's vunetvdestack.</summary>
    public string LinkName { get; init; } = "eth0";

    /// <summary>pcap=FILE: where the stack's packets are written (absolute); null for no capture.</summary>
    public string? CapturePath { get; init; }

    /// <summary>
    /// The pcap= option's file, made absolute against the working directory; FormatException when it cannot be
    /// written (no such directory, not writable, a directory), so a bad path stops the session before it starts.
    /// </summary>
    static string? CaptureOption(IEnumerable<string> options)
    {
        var values = options.Select(SplitOption).Where(o => o.Key == "pcap").Select(o => o.Value).ToList();
        if (values.Count == 0)
        {
            return null;
        }
        if (values.Count > 1 || values[0].Length == 0)
        {
            throw new FormatException("pcap=FILE: one file per stack");
        }
        var path = System.IO.Path.GetFullPath(values[0]);
        var directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        if (Directory.Exists(path))
        {
            throw new FormatException($"pcap={values[0]}: {path} is a directory");
        }
        if (!Directory.Exists(directory))
        {
            throw new FormatException($"pcap={values[0]}: no directory {directory}");
        }
        if (Vuos.Net.Interop.Libc.faccessat(Vuos.Net.Interop.AtFlags.AT_FDCWD, directory, Vuos.Net.Interop.AccessMode.W_OK, 0) != 0)
        {
            throw new FormatException($"pcap={values[0]}: {directory} is not writable");
        }
        return path;
    }

    /// <summary>delay=, jitter=, loss=, rate=, duplicate= of a stack with a link; null for none.</summary>
    public Links.Impairment? Impairment { get; init; }

    public static StackSpec Parse(string text)
    {
        var colon = text.IndexOf(':');
        var type = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        switch (type)
        {
            case "host" or "loopback" or "lo" when rest.Length == 0:
                return new StackSpec(type == "host" ? StackKind.Host : StackKind.Loopback, text, "", []);
            case "loopback" or "lo":
                {
                    var options = SplitList(rest);
                    var other = options.FirstOrDefault(o => SplitOption(o).Key != "pcap");
                    return other is null
                        ? new StackSpec(StackKind.Loopback, text, "", options) { CapturePath = CaptureOption(options) }
                        : throw new FormatException($"{type} takes no options but pcap=FILE ('{other}')");
                }
            case "host":
                throw new FormatException($"{type} takes no options (its traffic is the host's: capture it there)");
            case "slirp":
                {
                    var spec = new StackSpec(StackKind.Slirp, text, "", SplitList(rest));
                    _ = Slirp.SlirpOptions.Parse(rest);
                    return spec with { Impairment = Links.Impairment.Parse(spec.Options), CapturePath = CaptureOption(spec.Options) };
                }
            case "tap" or "vde" or "vxvde":
                {
                    // The target (interface name or VDE URL) runs up to the first ",key=" option.
                    var options = SplitList(rest);
                    var target = options.Count > 0 && !options[0].Contains('=') ? options[0] : "";
                    if (target.Length == 0)
                    {
                        throw new FormatException(type == "tap" ? "tap needs an interface: tap:IFNAME" : "vde needs a URL, e.g. vde:///tmp/switch");
                    }
                    if (type != "tap" && target.StartsWith("//", StringComparison.Ordinal))
                    {
                        target = type + ":" + target;
                    }
                    var spec = new StackSpec(type == "tap" ? StackKind.Tap : StackKind.Vde, text, target, options.Skip(1).ToList());
                    _ = LinkOptions.Parse(spec.Options);
                    return spec with { Impairment = Links.Impairment.Parse(spec.Options), CapturePath = CaptureOption(spec.Options) };
                }
            default:
                throw new FormatException($"unknown stack type '{type}' (known: host, loopback, slirp, tap, vde, vxvde)");
        }
    }

    /// <summary>Splits `a,b=c,d` at commas outside brackets ([fd00::1] and vde's [port=2] keep theirs).</summary>
    public static List<string> SplitList(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts.Where(p => p.Length > 0).ToList();
    }

    public static (string Key, string Value) SplitOption(string option)
    {
        var eq = option.IndexOf('=');
        return eq < 0 ? (option, "") : (option[..eq], option[(eq + 1)..]);
    }

    public override string ToString() => Text;
}
