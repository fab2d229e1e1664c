using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// A process's default stack per address family (where socket() goes) and the stack it lives in (whose
/// network namespace it is in, so that socket() for that stack is the kernel's own). Set by `--default`,
/// msocket with SOCK_DEFAULT and vustack; inherited by fork, kept by exec. A family with no entry uses the
/// host's stack; a process with no residence lives in the host's network namespace.
/// </summary>
public sealed class DefaultStacks : ProcessState
{
    readonly Dictionary<int, StackMount> byFamily;
    StackMount? residence;
    (StackMount Mount, List<int> Families)? pendingMove;

    public DefaultStacks(IReadOnlyDictionary<int, StackMount> initial, StackMount? residence)
    {
        byFamily = new Dictionary<int, StackMount>(initial);
        this.residence = residence;
    }

    /// <summary>The namespace stack the process lives in; null for the host's namespace.</summary>
    public StackMount? Residence
    {
        get
        {
            lock (byFamily)
            {
                return residence;
            }
        }
        set
        {
            lock (byFamily)
            {
                residence = value;
            }
        }
    }

    /// <summary>
    /// A move into a stack the process asked for but could not make at once (it has threads): made when it
    /// next execs, when it has one thread; a child it forks moves when it execs, too.
    /// </summary>
    public (StackMount Mount, List<int> Families)? PendingMove
    {
        get
        {
            lock (byFamily)
            {
                return pendingMove;
            }
        }
        set
        {
            lock (byFamily)
            {
                pendingMove = value;
            }
        }
    }

    public StackMount? For(int family)
    {
        lock (byFamily)
        {
            return byFamily.GetValueOrDefault(family);
        }
    }

    public void Set(int family, StackMount mount)
    {
        lock (byFamily)
        {
            byFamily[family] = mount;
        }
    }

    /// <summary>Whether a socket of <paramref name="mount"/> (null: no default, the host's) is one the kernel makes in the process's namespace.</summary>
    public bool LivesIn(StackMount? mount)
    {
        var here = Residence;
        return mount is null || mount.IsHost ? here is null : mount == here;
    }

    public override ProcessState Fork()
    {
        lock (byFamily)
        {
            return new DefaultStacks(byFamily, residence) { pendingMove = pendingMove };
        }
    }
}
