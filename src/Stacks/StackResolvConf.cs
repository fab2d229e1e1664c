using System.Text;

namespace Vuos.Net.Stacks;

/// <summary>
/// /etc/resolv.conf as a stack has it, configured like a machine's: the stack's nameserver (slirp's 10.0.2.3,
/// a link's dns=) with the host's search and options lines; the loopback stack says it reaches no nameserver
/// but one the program runs itself on 127.0.0.1; a link stack without dns= starts from a copy of the host's
/// file. The session's mount namespace of the stack binds it over /etc/resolv.conf (native/vuos-nshelper/anchor.c),
/// so reading, writing and stat are the kernel's, and the host's file is never touched.
/// </summary>
public static class StackResolvConf
{
    const string HostFile = "/etc/resolv.conf";

    public static string Render(string stackPath, StackKind kind, string? nameserver)
    {
        if (kind is StackKind.Tap or StackKind.Vde && nameserver is null)
        {
            return ReadHost() ?? "";
        }
        var text = new StringBuilder($"# /etc/resolv.conf of vuos stack {stackPath}\n");
        if (kind == StackKind.Loopback)
        {
            text.Append("# The loopback stack reaches no nameserver: only a resolver the program runs inside it, on 127.0.0.1.\n");
        }
        foreach (var line in (ReadHost() ?? "").Split('\n'))
        {
            if (line.StartsWith("search", StringComparison.Ordinal) || line.StartsWith("domain", StringComparison.Ordinal) ||
                line.StartsWith("options", StringComparison.Ordinal))
            {
                text.Append(line).Append('\n');
            }
        }
        return text.Append($"nameserver {nameserver ?? "127.0.0.1"}\n").ToString();
    }

    static string? ReadHost()
    {
        try
        {
            return File.ReadAllText(HostFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
