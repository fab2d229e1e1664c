using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// Serves an <see cref="IFuseFileSystem"/> as a FUSE mount, speaking the /dev/fuse protocol itself (no libfuse).
/// </summary>
public sealed class FuseServer : IDisposable
{
    static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long Dispose lets handlers finish after interrupting them, before cutting the connection.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    readonly IFuseFileSystem fileSystem;
    readonly ILogger log;
    readonly int workerThreads;
    readonly FuseMountMethod mountMethod;
    readonly SafeFd? mountedDevice;
    readonly FuseInterrupts interrupts = new();
    readonly object gate = new();
    FuseMount? mount;
    FuseDevice? device;
    FuseDispatcher? dispatcher;
    FusePollNotifier? notifier;
    FuseWorkers? workers;
    bool started;
    bool disposed;

    /// <param name="mountPoint">An existing, empty directory.</param>
    /// <param name="workerThreads">Workers kept waiting for requests; more are started while handlers block.</param>
    /// <param name="mountedDevice">/dev/fuse of a mount made elsewhere (a session's mount namespace), to serve instead of mounting.</param>
    public FuseServer(IFuseFileSystem fileSystem, string mountPoint, ILogger log, int workerThreads = 4,
        FuseMountMethod mountMethod = FuseMountMethod.Automatic, SafeFd? mountedDevice = null)
    {
        this.mountedDevice = mountedDevice;
        ArgumentOutOfRangeException.ThrowIfLessThan(workerThreads, 1);
        this.fileSystem = fileSystem;
        this.log = log;
        this.workerThreads = workerThreads;
        this.mountMethod = mountMethod;
        MountPoint = Path.GetFullPath(mountPoint);
    }

    public string MountPoint { get; }

    /// <summary>
    /// Mounts the tree and starts serving it; returns once the kernel has completed FUSE_INIT. Throws
    /// InvalidOperationException when mounting is not possible, saying what is missing.
    /// </summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (started)
            {
                throw new InvalidOperationException($"the FUSE server of {MountPoint} is already started");
            }
            started = true;
        }
        if (mountedDevice is null && !Directory.Exists(MountPoint))
        {
            throw new InvalidOperationException($"cannot mount netfs on {MountPoint}: no such directory");
        }
        try
        {
            mount = mountedDevice is null ? FuseMount.Create(MountPoint, mountMethod, log) : FuseMount.Adopt(mountedDevice);
            device = new FuseDevice(mount.Device);
            notifier = new FusePollNotifier(device, log);
            dispatcher = new FuseDispatcher(fileSystem, interrupts, notifier, log);
            workers = new FuseWorkers(device, dispatcher, workerThreads, "fuse " + MountPoint, log);
            workers.Start();
            if (!dispatcher.Initialized.WaitOne(InitTimeout))
            {
                throw new InvalidOperationException($"the kernel did not complete FUSE_INIT for {MountPoint}");
            }
            log.Debug("fuse: serving {MountPoint:l}", MountPoint);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Unmounts (lazily: the tree vanishes now), interrupts handlers still running, stops the workers and closes
    /// /dev/fuse, which fails whatever callers still wait. Files the kernel never released are released.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
        }
        mount?.Unmount();
        interrupts.InterruptAll();
        device?.Stop();
        if (workers is not null && !workers.Join(StopTimeout))
        {
            log.Warning("fuse: handlers of {MountPoint:l} still busy {Seconds} s after an interrupt; closing the connection under them",
                MountPoint, StopTimeout.TotalSeconds);
        }
        notifier?.Dispose();
        if (device is not null)
        {
            device.Dispose();
        }
        else
        {
            mount?.Device.Dispose();
        }
        dispatcher?.ReleaseOpenFiles();
    }
}
