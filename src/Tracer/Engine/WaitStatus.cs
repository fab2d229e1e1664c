namespace Vuos.Net.Tracer.Engine;

/// <summary>Decodes a waitpid status word (the W* macros).</summary>
public readonly record struct WaitStatus(int Raw)
{
    public bool Exited => (Raw & 0x7f) == 0;

    public int ExitCode => (Raw >> 8) & 0xff;

    public bool Signaled => ((Raw & 0x7f) + 1) >> 1 > 0 && !Stopped && !Exited;

    public int TermSignal => Raw & 0x7f;

    public bool CoreDumped => (Raw & 0x80) != 0;

    public bool Stopped => (Raw & 0xff) == 0x7f;

    public int StopSignal => (Raw >> 8) & 0xff;

    /// <summary>The PTRACE_EVENT_* in a ptrace stop, 0 for a plain signal stop.</summary>
    public int Event => (Raw >> 16) & 0xffff;

    /// <summary>What a shell reports for this death: the exit code, or 128 plus the signal.</summary>
    public int ShellExitCode => Exited ? ExitCode : 128 + TermSignal;
}
