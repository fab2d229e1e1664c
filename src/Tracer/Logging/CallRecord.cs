using System.Text;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// One logged call from its entry to its end. Like strace, a decoder prints at entry the arguments it can
/// (the inputs up to the first output), and at exit the rest: the split is what an "&lt;unfinished ...&gt;" line
/// shows and its "&lt;... NAME resumed&gt;" line completes.
/// </summary>
public sealed class CallRecord
{
    internal CallRecord(SyscallDescriptor syscall, string name, int tid, int tgid, ulong[] args, uint arch, CallDecoder decoder)
    {
        Syscall = syscall;
        Name = name;
        Tid = tid;
        Tgid = tgid;
        Args = args;
        Arch = arch;
        Decoder = decoder;
    }

    public SyscallDescriptor Syscall { get; }

    /// <summary>The name strace prints (i386's _newselect, mmap2).</summary>
    public string Name { get; }

    public int Tid { get; }

    public int Tgid { get; }

    public ulong[] Args { get; }

    public uint Arch { get; }

    internal CallDecoder Decoder { get; }

    /// <summary>The printed arguments: those decoded at entry, then those decoded at exit.</summary>
    internal List<LogValue> Values { get; } = new(6);

    /// <summary>How many of <see cref="Values"/> were printed at entry.</summary>
    internal int EntryCount { get; set; }

    /// <summary>The decoder prints more arguments at exit (the entry text then ends with ", ").</summary>
    internal bool MoreAtExit { get; set; }

    /// <summary>The first exit value completes the last entry value (clone3's " => {parent_tid=...}").</summary>
    internal bool ContinuesLastValue { get; set; }

    /// <summary>The ", " before the first exit value is printed at exit, not at entry (clone's ", child_tidptr=...").</summary>
    internal bool SeparatorAtExit { get; set; }

    /// <summary>What a decoder saved at entry for its exit (a value-result length read before the call).</summary>
    internal object? Saved { get; set; }

    /// <summary>How the result prints; decoders may override the table's kind (fcntl's F_GETFL is hex).</summary>
    internal RetKind RetKind { get; set; }

    /// <summary>Printed in parentheses after the result: poll's revents, "Timeout", fcntl's "flags O_RDWR".</summary>
    internal LogValue? Detail { get; set; }

    /// <summary>The result is a descriptor, printed with its -y label.</summary>
    internal bool ResultIsFd => RetKind == RetKind.Fd;

    internal long EntryTimestamp { get; set; }

    internal DateTime EntryWallClock { get; set; }

    /// <summary>Its entry line was interrupted by another task's line ("&lt;unfinished ...&gt;" printed).</summary>
    internal bool Interrupted { get; set; }

    internal long Result { get; set; }

    internal bool Ended { get; set; }

    /// <summary>A decoder failed: the arguments are printed as raw registers and exit decoding is skipped.</summary>
    internal bool DecodedRaw { get; set; }

    internal string? Note { get; set; }

    internal string? ResultLabel { get; set; }

    /// <summary>"name(" and the entry arguments, as printed before an "&lt;unfinished ...&gt;".</summary>
    internal void AppendEntryText(StringBuilder sb)
    {
        sb.Append(Name).Append('(');
        for (var i = 0; i < EntryCount; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            Values[i].WriteText(sb);
        }
        if (MoreAtExit && EntryCount > 0 && !ContinuesLastValue && !SeparatorAtExit)
        {
            sb.Append(", ");
        }
    }

    /// <summary>The exit arguments and the closing parenthesis: what follows the entry text or "&lt;... NAME resumed&gt;".</summary>
    internal void AppendExitText(StringBuilder sb)
    {
        for (var i = EntryCount; i < Values.Count; i++)
        {
            if (i > EntryCount || (SeparatorAtExit && !ContinuesLastValue && EntryCount > 0))
            {
                sb.Append(", ");
            }
            Values[i].WriteText(sb);
        }
        sb.Append(')');
    }
}
