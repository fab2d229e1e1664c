namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// Decodes one syscall's arguments as strace does: <see cref="Entry"/> prints what is known when the call
/// starts, <see cref="Exit"/> the rest once it returned. Calls whose arguments depend on each other (fcntl,
/// ioctl, setsockopt, poll...) have their own; every other call uses the table's argument kinds.
/// </summary>
public abstract class CallDecoder
{
    public abstract void Entry(CallRecord r, DecodeContext c);

    public abstract void Exit(CallRecord r, DecodeContext c);
}

/// <summary>The default decoder: each argument by its kind in the table, entry up to the first output.</summary>
public sealed class TableDecoder : CallDecoder
{
    public static TableDecoder Instance { get; } = new();

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var specs = r.Syscall.Args;
        var i = 0;
        for (; i < specs.Length && !specs[i].IsOutput; i++)
        {
            if (ArgDecoding.Prints(specs[i]))
            {
                r.Values.Add(ArgDecoding.Input(c, specs, i));
            }
        }
        r.EntryCount = r.Values.Count;
        r.MoreAtExit = i < specs.Length && specs.Skip(i).Any(ArgDecoding.Prints);
        if (r.MoreAtExit)
        {
            r.Saved = ArgDecoding.SaveValueResults(c, specs, i);
        }
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        var specs = r.Syscall.Args;
        var first = 0;
        while (first < specs.Length && !specs[first].IsOutput)
        {
            first++;
        }
        for (var i = first; i < specs.Length; i++)
        {
            if (ArgDecoding.Prints(specs[i]))
            {
                r.Values.Add(specs[i].IsOutput ? ArgDecoding.Output(c, specs, i, r.Saved as uint?[]) : ArgDecoding.Input(c, specs, i));
            }
        }
    }
}
