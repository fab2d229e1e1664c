using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tests.Infrastructure;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Tests.Unit;

/// <summary>
/// The C helpers' wire formats are declared once, in native/vuos-protocol.h; the C# mirrors must agree field by
/// field, or a request reaches vuos-nshelper or vuos-launch with its bytes shifted. A program compiled from the
/// header prints every size, offset and constant.
/// </summary>
public class WireProtocolTests
{
    static readonly Dictionary<string, string> FieldNames = new()
    {
        ["FilterLength"] = "filter_len",
        ["AmbientCapabilities"] = "ambient_caps",
    };

    static readonly Dictionary<string, string> ConstantNames = new()
    {
        ["NsHelperProtocol.OpSocketPair"] = "NSH_OP_SOCKETPAIR",
        ["NsHelperProtocol.NameLength"] = "NSH_NAME_LEN",
        ["NsHelperProtocol.DataLength"] = "NSH_DATA_LEN",
        ["NsHelperProtocol.TextLength"] = "NSH_TEXT_LEN",
        ["LaunchHeader.MaxNamespaces"] = "LAUNCH_MAX_NAMESPACES",
        ["LaunchHeader.FlagLandlock"] = "LAUNCH_LANDLOCK",
        ["LaunchHeader.FlagNoNewPrivs"] = "LAUNCH_NO_NEW_PRIVS",
    };

    [Theory]
    [InlineData(typeof(NsHelperRequest), "nsh_request")]
    [InlineData(typeof(NsHelperReply), "nsh_reply")]
    [InlineData(typeof(LaunchHeader), "launch_header")]
    public void EveryFieldSitsWhereTheHeaderPutsIt(Type mirror, string cStruct)
    {
        var fields = mirror.GetFields(BindingFlags.Public | BindingFlags.Instance);
        var expressions = new List<(string Id, string Expression)> { ("size", $"sizeof(struct {cStruct})") };
        expressions.AddRange(fields.Select(f => (f.Name, $"offsetof(struct {cStruct}, {CField(f.Name)})")));
        var c = HeaderValues(expressions);

        Assert.Equal(c["size"], (ulong)Marshal.SizeOf(mirror));
        foreach (var field in fields)
        {
            Assert.True(c[field.Name] == (ulong)Marshal.OffsetOf(mirror, field.Name),
                $"{mirror.Name}.{field.Name} at {Marshal.OffsetOf(mirror, field.Name)}, {cStruct}.{CField(field.Name)} at {c[field.Name]}");
        }
    }

    [Fact]
    public void EveryConstantHasTheHeadersValue()
    {
        var constants = new[] { typeof(NsHelperProtocol), typeof(LaunchHeader) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (Id: $"{t.Name}.{f.Name}", Value: Convert.ToUInt64(f.GetRawConstantValue()))))
            .ToList();
        var c = HeaderValues(constants.Select(k => (k.Id, ConstantNames.GetValueOrDefault(k.Id) ?? NshMacro(k.Id))));
        foreach (var (id, value) in constants)
        {
            Assert.True(c[id] == value, $"{id} = {value}, the header says {c[id]}");
        }
    }

    static string CField(string name) => FieldNames.GetValueOrDefault(name) ?? Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", "_").ToLowerInvariant();

    static string NshMacro(string id) =>
        "NSH_" + Regex.Replace(id[(id.IndexOf('.') + 1)..], "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant();

    static Dictionary<string, ulong> HeaderValues(IEnumerable<(string Id, string Expression)> expressions)
    {
        var directory = Directory.CreateTempSubdirectory("vuos-protocol-").FullName;
        try
        {
            var source = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include \"vuos-protocol.h\"\nint main(void)\n{\n");
            foreach (var (id, expression) in expressions)
            {
                source.Append($"    printf(\"%s %llu\\n\", \"{id}\", (unsigned long long)({expression}));\n");
            }
            source.Append("    return 0;\n}\n");
            var file = Path.Combine(directory, "protocol.c");
            File.WriteAllText(file, source.ToString());
            var program = Path.Combine(directory, "protocol");
            var gcc = Run.Native(["gcc", "-Wall", "-Werror", "-I", Path.Combine(Repo.Root, "native"), "-o", program, file]);
            Assert.True(gcc.ExitCode == 0, "the header and its C# mirror name different things:\n" + gcc.Stderr);
            var run = Run.Native([program]);
            return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => ulong.Parse(p[1]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
