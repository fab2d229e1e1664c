namespace Vuos.Net.Interop;

/// <summary>The *at() calls' directory descriptor and flags (fcntl.h).</summary>
public static class AtFlags
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
}

/// <summary>access(2) modes (unistd.h).</summary>
public static class AccessMode
{
    public const int R_OK = 4;
    public const int W_OK = 2;
}
