namespace Vuos.Net.Tracer.Seccomp;

/// <summary>
/// A test of one syscall argument the filter can make: whether its low 32 bits, masked, are one of some values.
/// Only int and flag arguments can be tested this way; pointers point at memory the filter cannot read.
/// </summary>
public sealed record ArgTest(int Arg, uint Mask, IReadOnlyList<uint> Values)
{
    public bool Matches(ulong value) => Values.Contains((uint)value & Mask);
}
