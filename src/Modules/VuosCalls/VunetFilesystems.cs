using Vuos.Net.Stacks;
using Vuos.Net.Stacks.Slirp;

namespace Vuos.Net.Modules.VuosCalls;

/// <summary>
/// The file system types mount(2) takes for stacks, in VUOS's form `vunetNAME`: VUOS's own `vunetvdestack`
/// (source: a VDE URL; its link is named vde0, as VUOS's vdestack names it) and `vunetreal` (the host's stack),
/// and this supervisor's other stacks under names of the same form: `vunetloopback` (source ignored),
/// `vunetslirp` (source ignored; slirp's options in the data), `vunettap` (source: a host TAP interface).
/// The data string carries the stack's options (`ip=ADDR/PREFIX,gw=ADDR,dns=ADDR,mtu=N` for vdestack and tap,
/// slirp's `hostfwd=...,mtu=N,dns=ADDR,no-host-loopback`); the words mount(8) and VUOS's vumount leave there
/// (`default`, `defaults`, `rw`, `nosuid`, ...) are accepted and mean nothing for a stack.
/// </summary>
public static class VunetFilesystems
{
    public const string Prefix = "vunet";

    public static readonly IReadOnlyList<string> Types = ["vunetvdestack", "vunetreal", "vunetloopback", "vunetslirp", "vunettap"];

    /// <summary>Words of mount options that are flags for mount(8) and vumount, not options of a stack.</summary>
    static readonly HashSet<string> MountWords =
    [
        "default", "defaults", "user", "group", "ro", "rw", "suid", "nosuid", "dev", "nodev", "exec", "noexec", "async", "sync",
        "mand", "nomand", "dirsync", "atime", "noatime", "diratime", "nodiratime", "silent", "loud", "acl", "relatime",
        "norelatime", "realtime", "norealtime", "iversion", "noiversion", "strictatime", "nostrictatime", "lazytime", "nolazytime",
    ];

    /// <summary>
    /// The stack a mount(2) describes; null when <paramref name="type"/> is not a vunet type this supervisor
    /// has. Throws FormatException saying what is wrong with the source or the options.
    /// </summary>
    public static StackSpec? Spec(string type, string source, string data)
    {
        var options = StackSpec.SplitList(data).Where(o => !MountWords.Contains(o)).ToList();
        switch (type)
        {
            case "vunetreal" or "vunetloopback":
                if (options.Count > 0)
                {
                    throw new FormatException($"{type} takes no options ({string.Join(',', options)})");
                }
                return StackSpec.Parse(type == "vunetreal" ? "host" : "loopback");
            case "vunetslirp":
                _ = SlirpOptions.Parse(string.Join(',', options));
                return new StackSpec(StackKind.Slirp, "slirp" + (options.Count > 0 ? ":" + string.Join(',', options) : ""), "", options);
            case "vunetvdestack" or "vunettap":
                {
                    if (source.Length == 0)
                    {
                        throw new FormatException(type == "vunettap" ? "vunettap needs a host TAP interface as its source" : "vunetvdestack needs a VDE URL as its source, e.g. vde:///tmp/switch");
                    }
                    _ = LinkOptions.Parse(options);
                    var tap = type == "vunettap";
                    var text = (tap ? "tap:" : source.Contains("://", StringComparison.Ordinal) ? "" : "vde:") + source +
                        (options.Count > 0 ? "," + string.Join(',', options) : "");
                    return new StackSpec(tap ? StackKind.Tap : StackKind.Vde, text, source, options) { LinkName = tap ? "eth0" : "vde0" };
                }
            default:
                return null;
        }
    }
}
