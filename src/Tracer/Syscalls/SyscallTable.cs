using System.Collections.Frozen;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// The one syscall table. The seccomp filter compiler, the argument decoder and the log all read it, so a
/// syscall is described once: number per ABI, name, class, argument and result kinds. Rows are in
/// SyscallTable.Rows.cs, flag names in FlagSets.cs.
/// </summary>
public static partial class SyscallTable
{
    public static IReadOnlyList<SyscallDescriptor> All => Rows;

    static FrozenDictionary<int, SyscallDescriptor> ByNr => Index.ByNr;
    static FrozenDictionary<int, SyscallDescriptor> ByI386Nr => Index.ByI386Nr;
    static FrozenDictionary<string, SyscallDescriptor> ByName => Index.ByName;

    /// <summary>Built on first lookup, after the rows (static initializers of partial files run in no set order).</summary>
    static class Index
    {
        public static readonly FrozenDictionary<int, SyscallDescriptor> ByNr = Rows.ToFrozenDictionary(r => r.Nr);
        public static readonly FrozenDictionary<int, SyscallDescriptor> ByI386Nr =
            Rows.Where(r => r.I386Nr >= 0 || r.IsVirtual).ToFrozenDictionary(r => r.IsVirtual ? r.Nr : r.I386Nr);
        public static readonly FrozenDictionary<string, SyscallDescriptor> ByName = Rows.ToFrozenDictionary(r => r.Name);
    }

    /// <summary>The row for a syscall number of the given audit architecture, or null for an unknown number.</summary>
    public static SyscallDescriptor? Lookup(uint arch, long nr)
    {
        if (arch == AuditArch.I386)
        {
            return ByI386Nr.GetValueOrDefault((int)nr);
        }
        if (nr >= 0 && (nr & AuditArch.X32SyscallBit) != 0)
        {
            // x32 shares the x86-64 numbers (plus a private range from 512 the table does not decode).
            return ByNr.GetValueOrDefault((int)(nr & ~(long)AuditArch.X32SyscallBit));
        }
        return ByNr.GetValueOrDefault((int)nr);
    }

    public static SyscallDescriptor Get(string name) =>
        ByName.TryGetValue(name, out var d) ? d : throw new KeyNotFoundException($"no syscall named {name}");

    public static SyscallDescriptor? Find(string name) => ByName.GetValueOrDefault(name);

    static SyscallDescriptor Sys(int nr, int i386, string name, SyscallClass cls, RetKind ret, params ArgSpec[] args) =>
        new(nr, i386, name, cls, ret, args);
}
