using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// A mounted tree and its /dev/fuse descriptor: mount(2) for root, the fusermount3 helper otherwise. Mounted
/// with allow_other (whenever permitted) so every uid of the session reaches the tree, and without
/// default_permissions: the file system, not the mode bits, decides who may do what.
/// </summary>
sealed class FuseMount
{
    const string FileSystemName = "vuos-netfs";
    const string Missing = "netfs needs FUSE: run as root, or install fuse3 (fusermount3)";

    readonly string mountPoint;
    readonly string? helper;
    readonly ILogger log;

    FuseMount(string mountPoint, SafeFd device, string? helper, ILogger log)
    {
        this.mountPoint = mountPoint;
        Device = device;
        this.helper = helper;
        this.log = log;
    }

    public SafeFd Device { get; }

    /// <summary>A mount made elsewhere (in a session's mount namespace): it goes with its namespace, so Unmount does nothing.</summary>
    public static FuseMount Adopt(SafeFd device) => new("", device, null, Serilog.Core.Logger.None);

    /// <summary>Mounts <paramref name="mountPoint"/>; throws InvalidOperationException saying what is missing.</summary>
    public static FuseMount Create(string mountPoint, FuseMountMethod method, ILogger log)
    {
        var helper = Fusermount.Find();
        string? kernelFailure = null;
        if (method == FuseMountMethod.Kernel || (method == FuseMountMethod.Automatic && Libc.geteuid() == 0))
        {
            try
            {
                return new FuseMount(mountPoint, MountWithKernel(mountPoint), null, log);
            }
            catch (ErrnoException e) when (method == FuseMountMethod.Automatic && helper is not null)
            {
                log.Debug("fuse: mount(2) failed ({Message:l}); trying {Helper:l}", e.Message, helper);
            }
            catch (ErrnoException e)
            {
                kernelFailure = e.Message;
            }
        }
        if (kernelFailure is not null || helper is null)
        {
            throw new InvalidOperationException(kernelFailure is null ? Missing : $"{Missing} ({kernelFailure})");
        }
        var options = $"rootmode=40000,user_id={Libc.getuid()},group_id={Libc.getgid()},fsname={FileSystemName},subtype={FileSystemName}";
        if (Libc.getuid() == 0 || UsersMayAllowOther())
        {
            options += ",allow_other";
        }
        return new FuseMount(mountPoint, Fusermount.Mount(helper, mountPoint, options), helper, log);
    }

    /// <summary>Detaches the tree at once; the kernel frees it when its last user goes. Never throws.</summary>
    public void Unmount()
    {
        if (mountPoint.Length == 0)
        {
            return;
        }
        try
        {
            var failure = helper is null
                ? Libc.umount2(mountPoint, MountFlags.Detach) == 0 ? null : Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())
                : Fusermount.Unmount(helper, mountPoint);
            if (failure is not null)
            {
                log.Warning("fuse: unmounting {MountPoint:l} failed: {Message:l}", mountPoint, failure);
            }
        }
        catch (Exception e)
        {
            log.Warning("fuse: unmounting {MountPoint:l} failed: {Message:l}", mountPoint, e.Message);
        }
    }

    static SafeFd MountWithKernel(string mountPoint)
    {
        var device = new SafeFd(ErrnoException.Check(Libc.open("/dev/fuse", OpenFlags.ReadWrite | OpenFlags.CloExec, 0), "open /dev/fuse"));
        var data = $"fd={device.Fd},rootmode=40000,user_id={Libc.geteuid()},group_id={Libc.getegid()},allow_other";
        if (Libc.mount(FileSystemName, mountPoint, "fuse." + FileSystemName, MountFlags.NoSuid | MountFlags.NoDev, data) < 0)
        {
            var error = ErrnoException.FromLastError($"mount {mountPoint}");
            device.Dispose();
            throw error;
        }
        return device;
    }

    /// <summary>fusermount3 refuses allow_other to users unless /etc/fuse.conf has a user_allow_other line.</summary>
    static bool UsersMayAllowOther()
    {
        try
        {
            return File.ReadLines("/etc/fuse.conf").Any(line => line.Trim() == "user_allow_other");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
