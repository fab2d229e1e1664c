using System.Collections.Frozen;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// The syscall tables, one per ABI as strace and gVisor keep them. x86-64's rows (SyscallTable.Rows.cs) give
/// each call's i386 number when i386 has the very same call; i386's own rows (SyscallTable.I386.cs) hold the
/// rest of its numbers. The seccomp filter compiler, the log's decoders and selection, and the socketcall
/// demultiplexer all read them, so a syscall is described once. Flag names are in FlagSets*.cs.
/// </summary>
public static partial class SyscallTable
{
    /// <summary>The x86-64 rows and the supervisor's own calls: what hooks name.</summary>
    public static IReadOnlyList<SyscallDescriptor> All => Rows;

    /// <summary>Every row of every ABI (i386's own rows too): what a log selection picks from.</summary>
    public static IReadOnlyList<SyscallDescriptor> AllAbis => Index.AllAbis;

    /// <summary>Built on first lookup, after the rows (static initializers of partial files run in no set order).</summary>
    static class Index
    {
        public static readonly SyscallDescriptor[] AllAbis = [.. Rows, .. I386Rows];
        public static readonly FrozenDictionary<int, SyscallDescriptor> ByNr = Rows.ToFrozenDictionary(r => r.Nr);
        public static readonly FrozenDictionary<int, SyscallDescriptor> ByI386Nr = Rows
            .Where(r => r.I386Nr >= 0 || r.IsVirtual)
            .Concat(I386Rows)
            .ToFrozenDictionary(r => r.IsVirtual ? r.Nr : r.I386Nr);
        public static readonly FrozenDictionary<string, SyscallDescriptor> ByName = Rows
            .Concat(I386Rows.Where(r => !Rows.Any(x => x.Name == r.Name)))
            .ToFrozenDictionary(r => r.Name);
    }

    /// <summary>The row for a syscall number of the given audit architecture, or null for an unknown number.</summary>
    public static SyscallDescriptor? Lookup(uint arch, long nr)
    {
        if (arch == AuditArch.I386)
        {
            return Index.ByI386Nr.GetValueOrDefault((int)nr);
        }
        if (nr >= 0 && (nr & AuditArch.X32SyscallBit) != 0)
        {
            // x32 shares the x86-64 numbers (plus a private range from 512 the table does not decode).
            return Index.ByNr.GetValueOrDefault((int)(nr & ~(long)AuditArch.X32SyscallBit));
        }
        return Index.ByNr.GetValueOrDefault((int)nr);
    }

    /// <summary>The row hooks mean by a name: x86-64's (which i386 shares when the call is the same).</summary>
    public static SyscallDescriptor Get(string name) =>
        Index.ByName.TryGetValue(name, out var d) ? d : throw new KeyNotFoundException($"no syscall named {name}");

    public static SyscallDescriptor? Find(string name) => Index.ByName.GetValueOrDefault(name);

    /// <summary>strace's name for a number no table knows.</summary>
    public static string UnknownName(long nr) => $"syscall_0x{nr:x}";

    static SyscallDescriptor Sys(int nr, int i386, string name, SyscallClass cls, RetKind ret, params ArgSpec[] args) =>
        new(nr, i386, name, cls, ret, args);
}
