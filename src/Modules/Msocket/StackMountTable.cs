using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>One stack path (VUOS's convention: /dev/net/NAME) and the stack it names, built on first use.</summary>
public sealed class StackMount
{
    readonly Lazy<INetworkStack> stack;
    readonly ILogger log;
    int reported;

    internal StackMount(string path, StackSpec spec, Func<StackMount, INetworkStack> build, ILogger log)
    {
        Path = path;
        Spec = spec;
        this.log = log;
        stack = new Lazy<INetworkStack>(() =>
        {
            try
            {
                return build(this);
            }
            catch (Exception e)
            {
                Failure = e.Message;
                FailureErrno = (e as ErrnoException ?? e.InnerException as ErrnoException)?.Errno ?? 0;
                throw;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    public StackSpec Spec { get; }

    public bool IsHost => Spec.Kind == StackKind.Host;

    public bool IsBuilt => stack.IsValueCreated;

    /// <summary>Why the stack could not be built, once it failed.</summary>
    public string? Failure { get; private set; }

    /// <summary>The errno the build failed with, when it failed with one; 0 otherwise.</summary>
    public int FailureErrno { get; private set; }

    /// <summary>The stack, built now if this is its first use; an unusable stack fails with ENETDOWN (the reason is logged once).</summary>
    public INetworkStack Stack
    {
        get
        {
            try
            {
                return stack.Value;
            }
            catch (Exception e)
            {
                if (Interlocked.Exchange(ref reported, 1) == 0)
                {
                    log.Error("cannot start stack {Path:l} ({Spec:l}): {Message:l}", Path, Spec.Text, Failure ?? e.Message);
                }
                throw e as ErrnoException is { Errno: Errno.ENETDOWN } down ? down : new ErrnoException($"stack {Path}", Errno.ENETDOWN);
            }
        }
    }

    /// <summary>Builds the stack now; the reason it cannot start, or null. Nothing is logged: the caller reports it.</summary>
    public string? Start()
    {
        Interlocked.Exchange(ref reported, 1);
        try
        {
            _ = stack.Value;
            return null;
        }
        catch (Exception e)
        {
            return Failure ?? e.Message;
        }
    }

    public bool Supports(int family) => IsHost || AddressFamilies.Routed.Contains(family);

    internal void DisposeIfBuilt()
    {
        if (stack.IsValueCreated)
        {
            stack.Value.Dispose();
        }
    }

    public override string ToString() => Path;
}

/// <summary>
/// The stacks mounted in a session, by path. Stacks are built lazily, so an unused stack costs nothing, and
/// torn down when the session ends: relays stop, namespaces and taps vanish with their last descriptor.
/// Stacks can also be mounted and unmounted while the session runs (VUOS's mount(2) of a vunet type): the
/// table is replaced as a whole under a lock, so lookups never lock. An unmounted stack leaves the table but
/// keeps running until the session ends, as in VUOS: sockets already open in it, and processes living in it,
/// keep working.
/// </summary>
public sealed class StackMountTable : IDisposable
{
    /// <summary>What `vuos run` mounts when no --stack is given.</summary>
    public static readonly IReadOnlyList<(string Path, string Spec)> EmbeddedDefaults =
        [("/dev/net/host", "host"), ("/dev/net/lo", "loopback"), ("/dev/net/slirp", "slirp")];

    readonly object gate = new();
    readonly StackBuilder builder;
    readonly ILogger log;
    readonly List<StackMount> unmounted = [];
    volatile Dictionary<string, StackMount> mounts = [];
    int version;

    public StackMountTable(IEnumerable<(string Path, StackSpec Spec)> definitions, StackBuilder builder, ILogger log)
    {
        this.builder = builder;
        this.log = log;
        foreach (var (path, spec) in definitions)
        {
            var normalized = ProcessPaths.Normalize(path);
            mounts[normalized] = New(normalized, spec);
        }
    }

    StackMount New(string path, StackSpec spec) => new(path, spec, mount => builder.Build(mount.Path, mount.Spec), log);

    public IReadOnlyCollection<StackMount> Mounts => mounts.Values;

    /// <summary>Changes each time a stack is mounted or unmounted (matchers rebuild their indexes from it).</summary>
    public int Version => Volatile.Read(ref version);

    public StackMount? Find(string absolutePath) => mounts.GetValueOrDefault(absolutePath);

    /// <summary>A path as users write it: absolute, or a short name for /dev/net/NAME.</summary>
    public StackMount? FindByName(string pathOrName) =>
        Find(ProcessPaths.Normalize(pathOrName.StartsWith('/') ? pathOrName : "/dev/net/" + pathOrName));

    /// <summary>The directories that hold stack paths (where a listing shows them).</summary>
    public IEnumerable<string> Directories => mounts.Keys.Select(p => p[..Math.Max(1, p.LastIndexOf('/'))]).Distinct();

    /// <summary>Adds a stack at <paramref name="absolutePath"/> while the session runs; null when something is mounted there already.</summary>
    public StackMount? Mount(string absolutePath, StackSpec spec)
    {
        lock (gate)
        {
            if (mounts.ContainsKey(absolutePath))
            {
                return null;
            }
            var mount = New(absolutePath, spec);
            mounts = new Dictionary<string, StackMount>(mounts) { [absolutePath] = mount };
            Interlocked.Increment(ref version);
            return mount;
        }
    }

    /// <summary>Removes the stack at <paramref name="absolutePath"/> from the table; it keeps running until the session ends.</summary>
    public StackMount? Unmount(string absolutePath)
    {
        lock (gate)
        {
            if (!mounts.TryGetValue(absolutePath, out var mount))
            {
                return null;
            }
            var next = new Dictionary<string, StackMount>(mounts);
            next.Remove(absolutePath);
            mounts = next;
            unmounted.Add(mount);
            Interlocked.Increment(ref version);
            return mount;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var mount in mounts.Values.Concat(unmounted))
            {
                mount.DisposeIfBuilt();
            }
        }
    }
}
