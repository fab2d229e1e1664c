namespace Vuos.Net.Tests.Infrastructure;

/// <summary>Where the repository and the built binaries are.</summary>
static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built supervisor: $VUOS_BIN, else build/bin/vuos as scripts/build leaves it.</summary>
    public static string VuosBinary { get; } = Environment.GetEnvironmentVariable("VUOS_BIN") is { Length: > 0 } bin
        ? bin
        : Path.Combine(Root, "build", "bin", "vuos");

    public static string BinDirectory => Path.GetDirectoryName(VuosBinary)!;

    public static string LauncherBinary => Path.Combine(BinDirectory, "vuos-launch");

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vuos.Net.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Vuos.Net.sln)");
    }
}
