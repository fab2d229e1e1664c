using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>libvdeplug (Debian libvdeplug2): connects to a VDE network (vde_switch, vxvde, ...) by URL.</summary>
public static unsafe partial class LibVdePlug
{
    const string Lib = "libvdeplug.so.2";

    /// <summary>LIBVDEPLUG_INTERFACE_VERSION: vde_open() is a macro over vde_open_real with this.</summary>
    public const int InterfaceVersion = 1;

    /// <summary>VDE_ETHBUFSIZE: the largest frame a VDE network carries (MTU 9216 plus Ethernet and 802.1Q headers).</summary>
    public const int EthernetBufferSize = 9216 + 14 + 4;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint vde_open_real(string url, string description, int interfaceVersion, void* openArgs);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint vde_recv(nint conn, void* buf, nuint len, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint vde_send(nint conn, void* buf, nuint len, int flags);

    [LibraryImport(Lib)]
    public static partial int vde_datafd(nint conn);

    [LibraryImport(Lib)]
    public static partial int vde_close(nint conn);
}
