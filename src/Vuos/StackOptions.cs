using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Stacks;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Cli;

/// <summary>Turns --stack PATH=SPEC and --default [FAMILIES:]PATH into the session's mount table and initial defaults.</summary>
static class StackOptions
{
    public static (string Path, StackSpec Spec) ParseMount(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
        {
            throw new FormatException($"--stack {text}: expected PATH=SPEC, e.g. /dev/net/lo=loopback");
        }
        var path = text[..eq];
        if (!path.StartsWith('/'))
        {
            throw new FormatException($"--stack {text}: the stack path must be absolute");
        }
        try
        {
            return (path, StackSpec.Parse(text[(eq + 1)..]));
        }
        catch (FormatException e)
        {
            throw new FormatException($"--stack {text}: {e.Message}");
        }
    }

    /// <summary>`[FAMILIES:]PATH`: the families before a colon (when the part before it holds no slash), then a path or short name.</summary>
    public static (List<int>? Families, string Path) ParseDefault(string text)
    {
        var colon = text.IndexOf(':');
        if (colon > 0 && !text[..colon].Contains('/'))
        {
            var families = AddressFamilies.Parse(text[..colon], out var error) ?? throw new FormatException($"--default {text}: {error}");
            return (families, text[(colon + 1)..]);
        }
        return (null, text);
    }

    /// <summary>
    /// The stacks to mount (the embedded three when none is given) and the session layout that holds their
    /// files. Throws FormatException for a bad or unusable stack path, before anything starts.
    /// </summary>
    public static (List<(string Path, StackSpec Spec)> Definitions, SessionLayout Layout) Plan(IReadOnlyList<string> stackTexts)
    {
        var definitions = stackTexts.Count == 0
            ? StackMountTable.EmbeddedDefaults.Select(d => (d.Path, StackSpec.Parse(d.Spec))).ToList()
            : stackTexts.Select(ParseMount).ToList();
        var layout = new SessionLayout();
        for (var i = 0; i < definitions.Count; i++)
        {
            var (path, spec) = definitions[i];
            try
            {
                layout.AddStackFile(path);
            }
            catch (FormatException e)
            {
                throw new FormatException($"--stack {(stackTexts.Count == 0 ? path : stackTexts[i])}: {e.Message}");
            }
            definitions[i] = (ProcessPaths.Normalize(Path.GetFullPath(path)), spec);
        }
        layout.AddRunTimeStackDirectory();
        return (definitions, layout);
    }

    public static MsocketSession BuildSession(IReadOnlyList<(string Path, StackSpec Spec)> definitions, IReadOnlyList<string> defaultTexts,
        SessionNamespaces namespaces, StackFiles files, ILogger diag)
    {
        var table = new StackMountTable(definitions, new StackBuilder(namespaces, diag), diag);
        var initial = new Dictionary<int, StackMount>();
        foreach (var text in defaultTexts)
        {
            var (families, path) = ParseDefault(text);
            var mount = table.FindByName(path)
                ?? throw new FormatException($"--default {text}: no stack at {path} (mounted: {string.Join(", ", table.Mounts.Select(m => m.Path))})");
            foreach (var family in families ?? [.. AddressFamilies.Routed])
            {
                if (!mount.Supports(family))
                {
                    throw new FormatException($"--default {text}: {mount.Path} does not support {AddressFamilies.NameOf(family)}");
                }
                initial[family] = mount;
            }
        }
        return new MsocketSession(table, initial, namespaces, files);
    }
}
