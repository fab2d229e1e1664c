using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// A process's default stack per address family: where socket() goes. Set by `--default`, msocket with
/// SOCK_DEFAULT and vustack; inherited by fork, kept by exec. A family with no entry uses the host's stack.
/// </summary>
public sealed class DefaultStacks : ProcessState
{
    readonly Dictionary<int, StackMount> byFamily;

    public DefaultStacks(IReadOnlyDictionary<int, StackMount> initial) => byFamily = new Dictionary<int, StackMount>(initial);

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

    public override ProcessState Fork()
    {
        lock (byFamily)
        {
            return new DefaultStacks(byFamily);
        }
    }
}
