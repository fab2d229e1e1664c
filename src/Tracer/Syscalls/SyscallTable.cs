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
    /// <summary>The x86-64 rows, the supervisor's own calls and those modules declared: what hooks name.</summary>
    public static IReadOnlyList<SyscallDescriptor> All => Index.Rows;

    /// <summary>Every row of every ABI (i386's own rows too): what a log selection picks from.</summary>
    public static IReadOnlyList<SyscallDescriptor> AllAbis => Index.AllAbis;

    static readonly object DeclareGate = new();

    /// <summary>Built on first lookup, after the rows (static initializers of partial files run in no set order), and again when a module declares rows.</summary>
    static volatile TableIndex? index;

    static TableIndex Index => index ?? Build([]);

    static TableIndex Build(IEnumerable<SyscallDescriptor> declared)
    {
        lock (DeclareGate)
        {
            var rows = index?.Rows ?? Rows;
            var added = declared.Where(d => !rows.Contains(d)).ToArray();
            if (index is null || added.Length > 0)
            {
                index = new TableIndex([.. rows, .. added], I386Rows);
            }
            return index;
        }
    }

    sealed class TableIndex
    {
        public TableIndex(SyscallDescriptor[] rows, SyscallDescriptor[] i386Rows)
        {
            Rows = rows;
            AllAbis = [.. rows, .. i386Rows];
            ByNr = rows.ToFrozenDictionary(r => r.Nr);
            ByI386Nr = rows
                .Where(r => r.I386Nr >= 0 || r.IsVirtual)
                .Concat(i386Rows)
                .ToFrozenDictionary(r => r.IsVirtual ? r.Nr : r.I386Nr);
            ByName = rows
                .Concat(i386Rows.Where(r => !rows.Any(x => x.Name == r.Name)))
                .ToFrozenDictionary(r => r.Name);
        }

        public SyscallDescriptor[] Rows { get; }

        public SyscallDescriptor[] AllAbis { get; }

        public FrozenDictionary<int, SyscallDescriptor> ByNr { get; }

        public FrozenDictionary<int, SyscallDescriptor> ByI386Nr { get; }

        public FrozenDictionary<string, SyscallDescriptor> ByName { get; }
    }

    /// <summary>
    /// Calls a module brings (the xv6 API): supervisor-only numbers (negative, the same on every ABI), known
    /// from now on to the filter, the hooks and the log. Declaring the same rows again changes nothing; a
    /// number or a name another row has is refused, so two modules cannot claim one call.
    /// </summary>
    public static void Declare(IReadOnlyList<SyscallDescriptor> rows)
    {
        lock (DeclareGate)
        {
            var current = Index;
            var numbers = new HashSet<int>();
            var names = new HashSet<string>();
            foreach (var row in rows.Distinct())
            {
                if (!numbers.Add(row.Nr) || !names.Add(row.Name))
                {
                    throw new ArgumentException($"{row.Name} ({row.Nr}): declared twice with different rows");
                }
                if (!row.IsVirtual || row.Nr != row.I386Nr)
                {
                    throw new ArgumentException($"{row.Name}: a module's call needs one negative number for every ABI, not {row.Nr}/{row.I386Nr}");
                }
                if (current.Rows.Contains(row))
                {
                    continue;
                }
                if (current.ByNr.TryGetValue(row.Nr, out var taken) || current.ByName.TryGetValue(row.Name, out taken))
                {
                    throw new ArgumentException($"{row.Name} ({row.Nr}) clashes with {taken.Name} ({taken.Nr})");
                }
            }
            Build(rows.Distinct());
        }
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
