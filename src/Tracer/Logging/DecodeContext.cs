using System.Buffers.Binary;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// What a decoder reads: the call's registers, the tracee's memory, its ABI and the log's limits. Memory that
/// cannot be read gives null, and the decoder prints the address instead, as strace does.
/// </summary>
public sealed class DecodeContext(TraceeMemory memory, uint arch, ulong[] args, LogSettings settings, DescriptorLabels? labels)
{
    public TraceeMemory Memory { get; } = memory;

    public uint Arch { get; } = arch;

    public ulong[] Args { get; } = args;

    public LogSettings Settings { get; } = settings;

    /// <summary>True for the i386 ABI: longs and pointers are 32 bits.</summary>
    public bool Compat => Arch == AuditArch.I386;

    public int WordSize => Compat ? 4 : 8;

    public int StringLimit => Settings.StringLimit;

    /// <summary>The tracee's stack pointer at the call (rt_sigreturn reads the signal frame there).</summary>
    public ulong StackPointer { get; init; }

    /// <summary>The result, once the call returned.</summary>
    public long Ret { get; set; }

    public bool Failed => Ret < 0 && Ret >= -4095;

    public int Int(int i) => (int)Args[i];

    public ulong Word(int i) => Compat ? (uint)Args[i] : Args[i];

    public long SignedWord(int i) => Compat ? (int)Args[i] : (long)Args[i];

    public byte[]? Read(ulong address, int length)
    {
        if (address == 0 || length < 0)
        {
            return null;
        }
        var bytes = new byte[length];
        try
        {
            Memory.Read(address, bytes);
            return bytes;
        }
        catch (ErrnoException)
        {
            return null;
        }
    }

    public int? ReadInt(ulong address) => Read(address, 4) is { } b ? BinaryPrimitives.ReadInt32LittleEndian(b) : null;

    public uint? ReadUInt(ulong address) => Read(address, 4) is { } b ? BinaryPrimitives.ReadUInt32LittleEndian(b) : null;

    /// <summary>A long or pointer of the tracee's ABI.</summary>
    public ulong? ReadWord(ulong address) => Read(address, WordSize) is { } b
        ? (Compat ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b))
        : null;

    /// <summary>A NUL-terminated string of at most <paramref name="limit"/> bytes; Truncated when no NUL came within it.</summary>
    public (byte[] Bytes, bool Truncated)? ReadCString(ulong address, int limit)
    {
        if (address == 0)
        {
            return null;
        }
        try
        {
            var bytes = Memory.ReadCString(address, limit + 1);
            if (bytes is null)
            {
                var head = new byte[limit];
                Memory.Read(address, head);
                return (head, true);
            }
            return bytes.Length > limit ? (bytes[..limit], true) : (bytes, false);
        }
        catch (ErrnoException)
        {
            return null;
        }
    }

    /// <summary>The -y label of a descriptor (its path, a socket's endpoints and stack), or null without -y.</summary>
    public string? LabelOf(int fd) => labels?.Describe(Memory.Pid, fd);
}
