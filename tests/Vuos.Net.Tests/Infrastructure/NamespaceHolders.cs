using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>Which processes still refer to a network namespace ("net:[INODE]"), through a descriptor or as their own.</summary>
static class NamespaceHolders
{
    public static List<string> Of(string ns)
    {
        var holders = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                if (Libc.ReadLink($"{proc}/ns/net") == ns)
                {
                    holders.Add($"{proc}/ns/net");
                }
                holders.AddRange(Directory.EnumerateFileSystemEntries($"{proc}/fd").Where(fd => Libc.ReadLink(fd) == ns));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is gone.
            }
        }
        return holders;
    }
}
