using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.VuosCalls;

/// <summary>
/// VUOS's own system calls, with VUOS's numbers (include/vulib.h): vu_insmod (-1), vu_rmmod (-2), vu_lsmod
/// (-3) and vuctl (-4), answering for the modules this supervisor has built in (<see cref="BuiltInModules"/>),
/// so that VUOS's commands and scripts run unchanged. msocket (-5) is the msocket module's.
/// </summary>
public sealed class VuosCallsModule(BuiltInModules modules) : ISyscallModule
{
    // vuctl tags (include/vulib.h).
    const int GetInfo = 1, SetName = 2, GetDebugTags = 3, AddDebugTags = 4, DelDebugTags = 5, GetDebugTagName = 6, SetDebugColor = 7;
    const int ModuleNameMax = 255;

    readonly object gate = new();
    string viewName = "";

    public string Name => "vuos-calls";

    public void Register(HookRegistry hooks)
    {
        hooks.On("vu_insmod", HookMode.Notify, Insmod);
        hooks.On("vu_rmmod", HookMode.Notify, Rmmod);
        hooks.On("vu_lsmod", HookMode.Notify, Lsmod);
        hooks.On("vuctl", HookMode.Notify, Vuctl);
    }

    static string ModuleName(SyscallContext call) =>
        Encoding.UTF8.GetString(call.Memory.ReadCString(call.Arg(0), ModuleNameMax + 1) ?? throw new ErrnoException("module name", Errno.ENAMETOOLONG));

    void Insmod(SyscallContext call)
    {
        var name = ModuleName(call);
        call.Note = $"module {name}";
        call.Return(-modules.Insert(name));
    }

    void Rmmod(SyscallContext call)
    {
        var name = ModuleName(call);
        call.Note = $"module {name}";
        call.Return(-modules.Remove(name));
    }

    /// <summary>vu_lsmod(buf, len): the listing's length with its NUL; the listing, cut to len, when buf is not NULL.</summary>
    void Lsmod(SyscallContext call)
    {
        var text = Encoding.UTF8.GetBytes(modules.Listing() + "\0");
        var (buffer, length) = (call.Arg(0), (long)call.Arg(1));
        if (buffer != 0 && length > 0)
        {
            var n = (int)Math.Min(length, text.Length);
            var cut = text[..n];
            cut[^1] = 0;
            call.Memory.Write(buffer, cut);
        }
        call.Return(text.Length);
    }

    void Vuctl(SyscallContext call)
    {
        switch (call.ArgInt(0))
        {
            case GetInfo:
                if (call.Arg(1) != 0)
                {
                    string name;
                    lock (gate)
                    {
                        name = viewName;
                    }
                    call.Memory.Write(call.Arg(1), VuInfo.Render(Environment.ProcessId.ToString(), name));
                }
                call.Return(0);
                return;
            case SetName:
                {
                    var bytes = call.Memory.ReadCString(call.Arg(1), VuInfo.NameCapacity + 1) ?? throw new ErrnoException("vuctl", Errno.EINVAL);
                    lock (gate)
                    {
                        viewName = Encoding.UTF8.GetString(bytes);
                    }
                    call.Note = "view name set";
                    call.Return(0);
                    return;
                }
            case GetDebugTags or GetDebugTagName:
                {
                    // No debug tags here (the syscall log is vuos run --trace): an empty string.
                    var (buffer, length) = call.ArgInt(0) == GetDebugTags ? (call.Arg(1), (long)call.Arg(2)) : (call.Arg(2), (long)call.Arg(3));
                    if (buffer != 0 && length > 0)
                    {
                        call.Memory.Write(buffer, (ReadOnlySpan<byte>)[0]);
                    }
                    call.Return(0);
                    return;
                }
            case AddDebugTags or DelDebugTags or SetDebugColor:
                call.Note = "debug tags: none here (use vuos run --trace)";
                call.Return(0);
                return;
            default:
                call.Fail(Errno.EINVAL);
                return;
        }
    }
}
