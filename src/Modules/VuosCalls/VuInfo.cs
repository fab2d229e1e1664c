using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.VuosCalls;

/// <summary>
/// VUOS's struct vu_info (include/vulib.h), which vuctl(VUCTL_GETINFO, &amp;info) fills: the system's struct
/// utsname, then the server id and the view's name, each a field of the utsname's length (65 bytes on Linux).
/// </summary>
static unsafe class VuInfo
{
    const int Field = Libc.UtsFieldLength;
    const int UtsnameSize = 6 * Field;
    public const int Size = UtsnameSize + 2 * Field;

    public static byte[] Render(string serverId, string viewName)
    {
        var info = new byte[Size];
        fixed (byte* p = info)
        {
            ErrnoException.Check(Libc.uname(p), "uname");
        }
        Put(info.AsSpan(UtsnameSize, Field), serverId);
        Put(info.AsSpan(UtsnameSize + Field, Field), viewName);
        return info;
    }

    static void Put(Span<byte> field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }

    public const int NameCapacity = Field - 1;
}
