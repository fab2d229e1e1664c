using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket.Namespaces;

/// <summary>
/// Picks how namespaces are made: directly when the supervisor may (root), through vuos-nshelper in a user
/// namespace otherwise. Nothing is created until the first stack needs it.
/// </summary>
public sealed class LazyNamespaceProvider(Func<INamespaceProvider> create) : INamespaceProvider
{
    readonly Lazy<INamespaceProvider> provider = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static LazyNamespaceProvider ForCurrentUser(string helperPath, bool forceUserNamespace, Serilog.ILogger log) =>
        new(() => Libc.geteuid() == 0 && !forceUserNamespace ? new KernelNamespaces() : new HelperNamespaces(helperPath, log));

    public INetworkNamespace Create() => provider.Value.Create();

    public void Dispose()
    {
        if (provider.IsValueCreated)
        {
            provider.Value.Dispose();
        }
    }
}
