namespace Vuos.Net.Fuse;

/// <summary>How <see cref="FuseServer"/> mounts its tree.</summary>
public enum FuseMountMethod
{
    /// <summary>mount(2) when the supervisor is root, else the setuid helper fusermount3.</summary>
    Automatic,

    /// <summary>mount(2) only (needs CAP_SYS_ADMIN).</summary>
    Kernel,

    /// <summary>fusermount3 only, even as root (tests use it to exercise the unprivileged path).</summary>
    Fusermount,
}
