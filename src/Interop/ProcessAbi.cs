namespace Vuos.Net.Interop;

/// <summary>prctl(2) options (linux/prctl.h).</summary>
public static class Prctl
{
    public const int PR_SET_DUMPABLE = 4;
}

/// <summary>posix_spawnattr_setflags flags (spawn.h).</summary>
static class PosixSpawnFlags
{
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
}
