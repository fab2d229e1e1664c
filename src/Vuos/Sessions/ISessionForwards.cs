namespace Vuos.Net.Cli.Sessions;

/// <summary>What a session's control socket may change: the host forwards of its slirp stacks.</summary>
interface ISessionForwards
{
    /// <summary>Adds FORWARD (hostfwd='s syntax) to the stack at STACK (a path or a short name): its id, or why not.</summary>
    (int Id, string? Error) Add(string stack, string forward);

    /// <summary>Removes forward ID of STACK: (0, null), or why not.</summary>
    (int Id, string? Error) Remove(string stack, int id);
}
