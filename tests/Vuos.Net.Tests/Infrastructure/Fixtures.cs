using System.Collections.Concurrent;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>The C test programs in tests/fixtures, compiled with gcc on first use in this test run.</summary>
static class Fixtures
{
    /// <summary>A sample program, samples/NAME.c (e.g. "netfs/server"), compiled as a user would, with include/.</summary>
    public static string Sample(string name) =>
        Built.GetOrAdd("sample:" + name, _ => new Lazy<string>(() => CompileFile(System.IO.Path.Combine(Repo.Root, "samples", name + ".c"), name.Replace('/', '-'), ""))).Value;

    // Readable by all: tests run fixtures as an unprivileged user too.
    static readonly string OutputDirectory = CreateOutputDirectory();

    static string CreateOutputDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("vuos-fixtures-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0x1ed); // 0755
        return directory;
    }
    static readonly ConcurrentDictionary<string, Lazy<string>> Built = new();

    /// <summary>The path of the compiled fixture tests/fixtures/NAME.c (extra gcc flags make a distinct build).</summary>
    public static string Path(string name, string extraFlags = "") =>
        Built.GetOrAdd(name + "|" + extraFlags, _ => new Lazy<string>(() => Compile(name, extraFlags))).Value;

    static string Compile(string name, string extraFlags) =>
        CompileFile(System.IO.Path.Combine(Repo.Root, "tests", "fixtures", name + ".c"), name, extraFlags);

    static string CompileFile(string source, string name, string extraFlags)
    {
        var output = System.IO.Path.Combine(OutputDirectory, name + (extraFlags.Length > 0 ? "-" + Math.Abs(extraFlags.GetHashCode()) : ""));
        var result = Run.Native(["gcc", "-O2", "-Wall", "-Werror", "-pthread", .. extraFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            "-I", System.IO.Path.Combine(Repo.Root, "include"), "-o", output, source]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc {name}.c failed:\n{result.Stderr}");
        }
        return output;
    }
}
