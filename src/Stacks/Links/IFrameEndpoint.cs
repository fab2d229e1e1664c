namespace Vuos.Net.Stacks.Links;

/// <summary>One side of an Ethernet link: a tap device, a VDE connection.</summary>
public interface IFrameEndpoint : IDisposable
{
    /// <summary>The descriptor poll() watches for incoming frames.</summary>
    int PollFd { get; }

    /// <summary>Reads one frame; 0 when none is waiting (the descriptor is non-blocking).</summary>
    int Receive(Span<byte> frame);

    /// <summary>Sends one frame; a full queue drops it, as a NIC would.</summary>
    void Send(ReadOnlySpan<byte> frame);
}
