namespace Vuos.Net.Tracer.Engine;

/// <summary>execvp's PATH search, done by the supervisor so the launcher makes a single execve.</summary>
static class ExecutableSearch
{
    public static string Resolve(string command)
    {
        if (command.Contains('/'))
        {
            return command;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, command);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        // Not found: the launcher's execve fails with ENOENT and reports it as the shell would.
        return command;
    }
}
