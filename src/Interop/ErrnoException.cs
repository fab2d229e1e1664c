using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>A native call failed; carries the errno so callers can return it to a tracee unchanged.</summary>
public sealed class ErrnoException(string call, int errno)
    : Exception($"{call}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public int Errno { get; } = errno;

    public string Call { get; } = call;

    /// <summary>Throws for the errno of the native call that just failed.</summary>
    public static ErrnoException FromLastError(string call) => new(call, Marshal.GetLastPInvokeError());

    public static int Check(int result, string call) => result < 0 ? throw FromLastError(call) : result;

    public static long Check(long result, string call) => result < 0 ? throw FromLastError(call) : result;
}
