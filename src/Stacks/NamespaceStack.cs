using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Links;
using Vuos.Net.Stacks.Namespaces;

namespace Vuos.Net.Stacks;

/// <summary>
/// A stack that is a network namespace of the supervisor's (loopback, slirp, tap, vde), with whatever relays
/// its link to the outside. Its sockets are real kernel sockets of the namespace: once handed to a tracee,
/// every operation on them runs natively.
/// </summary>
public sealed class NamespaceStack(string path, StackSpec spec, INetworkNamespace ns, string? nameserver, IReadOnlyList<IDisposable> links,
    PacketCapture? capture, ILogger log)
    : INetworkStack
{
    readonly Lock captureLock = new();
    readonly SocketPool pool = new(ns, $"stack {path}", log);

    public string Path { get; } = path;

    public StackSpec Spec { get; } = spec;

    public bool IsHost => false;

    public (int Id, string? Error) AddForward(string spec) =>
        links.OfType<Slirp.SlirpRelay>().FirstOrDefault() is { } relay ? relay.AddForward(spec) : (0, $"{Path} is not a slirp stack");

    public string? RemoveForward(int id) =>
        links.OfType<Slirp.SlirpRelay>().FirstOrDefault() is not { } relay ? $"{Path} is not a slirp stack"
        : relay.RemoveForward(id) ? null : $"{Path} has no forward {id}";

    public IReadOnlyList<string> Forwards =>
        [.. links.OfType<Slirp.SlirpRelay>().SelectMany(r => r.Forwards).Select(f => $"{f.Id} {f.Forward}")];

    public string? Nameserver { get; } = nameserver;

    public bool Supports(int family) => AddressFamilies.Routed.Contains(family);

    public INetworkNamespace? Namespace => ns;

    /// <summary>A socket of the stack; the ordinary kinds come from a pool of ready ones (<see cref="SocketPool"/>).</summary>
    public SafeFd CreateSocket(int domain, int type, int protocol) =>
        Supports(domain) ? pool.Take(domain, type, protocol) : throw new ErrnoException("socket", Errno.EAFNOSUPPORT);

    public (SafeFd, SafeFd) CreateSocketPair(int domain, int type, int protocol) =>
        Supports(domain) ? ns.SocketPair(domain, type, protocol) : throw new ErrnoException("socketpair", Errno.EAFNOSUPPORT);

    public string? CapturePath
    {
        get
        {
            lock (captureLock)
            {
                return capture?.Path;
            }
        }
    }

    public string? StartCapture(string file)
    {
        lock (captureLock)
        {
            if (capture is not null)
            {
                return $"{Path} is already capturing to {capture.Path}";
            }
            try
            {
                capture = PacketCapture.Start(ns.Socket, file, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
            {
                return $"cannot capture to {file}: {e.Message}";
            }
            log.Information("stack {Path:l}: capturing to {File:l}", Path, file);
            return null;
        }
    }

    public string? StopCapture()
    {
        lock (captureLock)
        {
            if (capture is null)
            {
                return $"{Path} is not capturing";
            }
            capture.Dispose();
            log.Information("stack {Path:l}: capture to {File:l} stopped", Path, capture.Path);
            capture = null;
            return null;
        }
    }

    public void Dispose()
    {
        // The pool first: its refill uses the namespace, and its ready sockets hold it. The capture next, so it
        // drains the last packets; relays next (they hold the tap), then the namespace: its last reference goes with the last socket.
        pool.Dispose();
        lock (captureLock)
        {
            capture?.Dispose();
            capture = null;
        }
        foreach (var link in links)
        {
            link.Dispose();
        }
        ns.Dispose();
    }
}
