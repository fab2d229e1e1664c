using System.Globalization;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Finds a syscall instruction in a tracee's vDSO: where a call the supervisor chains runs when the tracee's
/// own instruction pointer is not just past one (after execve it is the new program's entry point). Every
/// x86 vDSO has one: `syscall` (0f 05) in the 64-bit one's fallbacks, `int $0x80` (cd 80) in the 32-bit one.
/// </summary>
static class VdsoSyscallInstruction
{
    /// <summary>The address of the instruction, or null when the process has no vDSO or none is found.</summary>
    public static ulong? Find(int tid, uint arch)
    {
        var (first, second) = arch == AuditArch.I386 ? ((byte)0xcd, (byte)0x80) : ((byte)0x0f, (byte)0x05);
        string? line;
        try
        {
            line = File.ReadLines($"/proc/{tid}/maps").FirstOrDefault(l => l.EndsWith("[vdso]", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
        if (line is null)
        {
            return null;
        }
        var range = line[..line.IndexOf(' ')].Split('-');
        var start = ulong.Parse(range[0], NumberStyles.HexNumber);
        var end = ulong.Parse(range[1], NumberStyles.HexNumber);
        var image = new byte[(int)Math.Min(end - start, 1 << 16)];
        try
        {
            new TraceeMemory(tid).Read(start, image);
        }
        catch (ErrnoException)
        {
            return null;
        }
        for (var i = 0; i + 1 < image.Length; i++)
        {
            if (image[i] == first && image[i + 1] == second)
            {
                return start + (ulong)i;
            }
        }
        return null;
    }
}
