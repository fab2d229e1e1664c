using System.Buffers.Binary;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// Turns raw syscall arguments into strace's notation, driven by the table's argument kinds. Inputs are
/// decoded at entry (memory may change during the call), outputs at exit. Memory that cannot be read
/// prints as its address, as strace does.
/// </summary>
public sealed class SyscallDecoder(int stringLimit)
{
    const int MaxArrayItems = 32;

    public int StringLimit { get; } = stringLimit;

    public string[] DecodeEntry(SyscallDescriptor syscall, uint arch, ulong[] args, TraceeMemory memory)
    {
        var specs = syscall.Args;
        var result = new string[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            result[i] = specs[i].IsOutput ? Pointer(args[i]) : DecodeInput(specs[i], arch, args, i, memory);
        }
        return result;
    }

    /// <summary>Fills in the output arguments once the call returned <paramref name="ret"/>.</summary>
    public void DecodeExit(SyscallDescriptor syscall, ulong[] args, string[] decoded, long ret, TraceeMemory memory)
    {
        var failed = ret < 0 && ret >= -4095;
        var specs = syscall.Args;
        for (var i = 0; i < specs.Length && i < decoded.Length; i++)
        {
            if (!specs[i].IsOutput || failed || args[i] == 0)
            {
                continue;
            }
            decoded[i] = Guard(args[i], () => specs[i].Kind switch
            {
                ArgKind.OutBuf => Buffer(memory, args[i], (ulong)ret),
                ArgKind.FdPairOut => FdPair(memory, args[i]),
                ArgKind.SockLenPtr => $"[{memory.Read<uint>(args[i])}]",
                ArgKind.SockaddrOut => SockaddrOut(memory, args[i], specs[i].Related >= 0 ? args[specs[i].Related] : 0),
                _ => Pointer(args[i]),
            });
        }
    }

    public static string UnknownName(long nr) => $"syscall_0x{nr:x}";

    /// <summary>The result as strace prints it: a value, or -1 with the errno name and message.</summary>
    public static string FormatResult(RetKind kind, long ret)
    {
        if (kind == RetKind.NoReturn)
        {
            return "?";
        }
        if (ret < 0 && ret >= -4095)
        {
            var errno = (int)-ret;
            var name = LinuxNames.ErrnoName(errno) ?? errno.ToString();
            var kernelText = LinuxNames.KernelErrnoText(errno);
            return kernelText is not null
                ? $"? {name} ({kernelText})"
                : $"-1 {name} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})";
        }
        return kind == RetKind.Hex ? $"0x{ret:x}" : ret.ToString();
    }

    string DecodeInput(ArgSpec spec, uint arch, ulong[] args, int i, TraceeMemory memory)
    {
        var raw = args[i];
        var compat = arch == AuditArch.I386;
        switch (spec.Kind)
        {
            case ArgKind.Int:
            case ArgKind.Fd:
                return ((int)raw).ToString();
            case ArgKind.Long:
                return compat ? ((int)raw).ToString() : ((long)raw).ToString();
            case ArgKind.UInt:
                return compat ? ((uint)raw).ToString() : raw.ToString();
            case ArgKind.Hex:
                return $"0x{raw:x}";
            case ArgKind.Octal:
                return raw == 0 ? "000" : "0" + Convert.ToString((long)(uint)raw, 8);
            case ArgKind.DirFd:
                return (int)raw == -100 ? "AT_FDCWD" : ((int)raw).ToString();
            case ArgKind.Ptr:
            case ArgKind.Struct:
                return Pointer(raw);
            case ArgKind.Flags:
                // Flag arguments are C ints (clone's unsigned long flags fit in 32 bits too): the kernel ignores the upper half.
                return spec.Set is null ? $"0x{raw:x}" : spec.Set.Format((uint)raw);
            case ArgKind.Signal:
                return LinuxNames.SignalName((int)raw) ?? ((int)raw).ToString();
            case ArgKind.Str:
                return raw == 0 ? "NULL" : Guard(raw, () => CString(memory, raw));
            case ArgKind.InBuf:
                return raw == 0 ? "NULL" : Guard(raw, () => Buffer(memory, raw, spec.Related >= 0 ? args[spec.Related] : 0));
            case ArgKind.Sockaddr:
                return raw == 0 ? "NULL" : Guard(raw, () => Sockaddr(memory, raw, spec.Related >= 0 ? args[spec.Related] : 0));
            case ArgKind.StrArray:
                return raw == 0 ? "NULL" : Guard(raw, () => StringArray(memory, raw, compat));
            case ArgKind.EnvArray:
                return raw == 0 ? "NULL" : Guard(raw, () => $"{Pointer(raw)} /* {CountArray(memory, raw, compat)} vars */");
            default:
                return Pointer(raw);
        }
    }

    static string Pointer(ulong p) => p == 0 ? "NULL" : $"0x{p:x}";

    static string Guard(ulong address, Func<string> decode)
    {
        try
        {
            return decode();
        }
        catch (ErrnoException)
        {
            return Pointer(address);
        }
    }

    string CString(TraceeMemory memory, ulong address)
    {
        var bytes = memory.ReadCString(address, StringLimit + 1);
        if (bytes is null)
        {
            // No NUL within the limit: show the first StringLimit bytes and mark the cut.
            var head = new byte[StringLimit];
            memory.Read(address, head);
            return StringQuoter.Quote(head, truncated: true);
        }
        var cut = bytes.Length > StringLimit;
        return StringQuoter.Quote(cut ? bytes.AsSpan(0, StringLimit) : bytes, cut);
    }

    string Buffer(TraceeMemory memory, ulong address, ulong length)
    {
        var n = (int)Math.Min(length, (ulong)StringLimit);
        var bytes = new byte[n];
        memory.Read(address, bytes);
        return StringQuoter.Quote(bytes, length > (ulong)StringLimit);
    }

    static string Sockaddr(TraceeMemory memory, ulong address, ulong length)
    {
        var n = (int)Math.Min(length, 128UL);
        var bytes = new byte[n];
        memory.Read(address, bytes);
        return SockaddrFormatter.Format(bytes);
    }

    static string SockaddrOut(TraceeMemory memory, ulong address, ulong lengthPtr) =>
        Sockaddr(memory, address, lengthPtr == 0 ? 128 : memory.Read<uint>(lengthPtr));

    static string FdPair(TraceeMemory memory, ulong address)
    {
        Span<byte> b = stackalloc byte[8];
        memory.Read(address, b);
        return $"[{BinaryPrimitives.ReadInt32LittleEndian(b)}, {BinaryPrimitives.ReadInt32LittleEndian(b[4..])}]";
    }

    string StringArray(TraceeMemory memory, ulong address, bool compat)
    {
        var items = new List<string>();
        var size = compat ? 4UL : 8UL;
        for (var i = 0; i < MaxArrayItems; i++)
        {
            var p = compat ? memory.Read<uint>(address + (ulong)i * size) : memory.Read<ulong>(address + (ulong)i * size);
            if (p == 0)
            {
                return "[" + string.Join(", ", items) + "]";
            }
            items.Add(Guard(p, () => CString(memory, p)));
        }
        return "[" + string.Join(", ", items) + ", ...]";
    }

    static int CountArray(TraceeMemory memory, ulong address, bool compat)
    {
        var size = compat ? 4UL : 8UL;
        for (var i = 0; i < 65536; i++)
        {
            var p = compat ? memory.Read<uint>(address + (ulong)i * size) : memory.Read<ulong>(address + (ulong)i * size);
            if (p == 0)
            {
                return i;
            }
        }
        return 65536;
    }
}
