using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Programs written for xv6 (its user.h, not Linux's) build unchanged with samples/xv6/shim and run under vuos:
/// the original kernel's own socktest.c, and samples/xv6/linecount.c.
/// </summary>
public class Xv6ShimTests
{
    /// <summary>
    /// Where the original socktest.c is read from: $VUOS_XV6_SOCKTEST, or samples/xv6/original/socktest.c. Its
    /// repository carries no licence, so this one keeps no copy; the test runs where one is put.
    /// </summary>
    internal static string? OriginalSocktest =>
        new[] { Environment.GetEnvironmentVariable("VUOS_XV6_SOCKTEST"), Path.Combine(Repo.Root, "samples", "xv6", "original", "socktest.c") }
            .FirstOrDefault(File.Exists);

    /// <summary>An xv6 program built as its author would on xv6, with the shim's headers before include/.</summary>
    static string Build(string source, string name)
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("vuos-xv6-").FullName, name);
        // -Wno-format: the original socktest prints two %d with one argument; xv6's printf does not check.
        var r = Run.Native(["gcc", "-O2", "-Wall", "-Werror", "-Wno-format", "-I", Path.Combine(Repo.Root, "samples", "xv6", "shim"),
            "-I", Path.Combine(Repo.Root, "include"), "-o", output, source]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return output;
    }

    /// <summary>Each line a program printed; a prompt without a newline ends a line too.</summary>
    static List<string> Lines(RunResult r, string prompt) =>
        [.. r.Stdout.Replace(prompt, prompt + "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [OriginalSocktestFact]
    public void TheOriginalSocktestRunsUnchanged()
    {
        var program = Build(OriginalSocktest!, "socktest");
        var r = Run.Vuos([program], stdin: "hello\nexit\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = Lines(r, "Enter text to send to server:");
        Assert.Equal([
            "Server>> Starting to listen at port 10 ...", "10 Server>> listen() returned 0",
            "10 Server>> Received: \"hello\"", "10 Server>> Received: \"exit\"", "10 Server exiting...(0)",
        ], lines.Where(l => l.Contains("Server", StringComparison.Ordinal)));
        var client = lines.Where(l => l.Contains("Client", StringComparison.Ordinal) && !l.Contains("Enter text")).ToList();
        Assert.Equal(6, client.Count);
        Assert.Equal("Client>> Attempting to connect to port 10, host localhost ...", client[0]);
        // socktest prints connect's result with a %d it gives no argument for: whatever number is there.
        Assert.Matches(new Regex(@"^127 Client>> connect\(\) returned -?\d+$"), client[1]);
        Assert.Equal([
            "127 Client>> to send to server: hello", "127 Client>> Received: \"hello OK\"",
            "127 Client>> to send to server: exit", "127 Client exiting...(0)",
        ], client.Skip(2));
    }

    [Fact]
    public void AnXv6ProgramBuiltWithTheShimRunsUnderVuos()
    {
        var program = Build(Path.Combine(Repo.Root, "samples", "xv6", "linecount.c"), "linecount");
        var r = Run.Vuos([program], stdin: "hi\nhello there\nexit\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["client at port 127", "client got: 02 bytes", "client got: 11 bytes", "server done after less than 10 s"],
            Lines(r, "\n"));
    }
}

/// <summary>A fact that runs only where the original socktest.c has been put (see <see cref="Xv6ShimTests.OriginalSocktest"/>).</summary>
public sealed class OriginalSocktestFactAttribute : FactAttribute
{
    public OriginalSocktestFactAttribute()
    {
        if (Xv6ShimTests.OriginalSocktest is null)
        {
            Skip = "the original socktest.c is not here: set VUOS_XV6_SOCKTEST to its path, or put it at samples/xv6/original/socktest.c";
        }
    }
}
