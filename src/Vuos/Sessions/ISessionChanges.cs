namespace Vuos.Net.Cli.Sessions;

/// <summary>What a session's control socket may change while it runs: forwards of its slirp stacks, captures.</summary>
interface ISessionChanges
{
    /// <summary>Adds FORWARD (hostfwd='s syntax) to the stack at STACK (a path or a short name): its id, or why not.</summary>
    (int Id, string? Error) Add(string stack, string forward);

    /// <summary>Removes forward ID of STACK: (0, null), or why not.</summary>
    (int Id, string? Error) Remove(string stack, int id);

    /// <summary>Starts capturing STACK's traffic to FILE (an absolute path): (0, null), or why not.</summary>
    (int Id, string? Error) StartCapture(string stack, string file);

    /// <summary>Stops STACK's capture: (0, null), or why not.</summary>
    (int Id, string? Error) StopCapture(string stack);
}
