namespace Vuos.Net.Modules.VuosCalls;

/// <summary>
/// What VUOS's module calls see: the supervisor's built-in modules under VUOS's names (vunet for the stacks,
/// with msocket), each loaded from the start. vu_insmod of a built-in module succeeds whether or not it is
/// loaded (VUOS answers EEXIST for a loaded one, but a session starts with them loaded and VUOS scripts begin
/// with `vu_insmod vunet`); vu_rmmod unloads it from the listing, and a removed vunet refuses new stack mounts
/// (ENODEV, as VUOS without the module) while stacks already mounted stay. Modules VUOS has and this
/// supervisor has not (vufuse, vufs, vudev, ...) are ENOENT, as a module VUOS cannot find.
/// </summary>
public sealed class BuiltInModules
{
    readonly object gate = new();
    readonly List<(string Name, string Description)> modules;
    readonly HashSet<string> loaded;

    public BuiltInModules(IEnumerable<(string Name, string Description)> modules)
    {
        this.modules = [.. modules];
        loaded = [.. this.modules.Select(m => m.Name)];
    }

    /// <summary>The modules of a session: vunet and msocket always, netfs when /net is mounted, xv6.</summary>
    public static BuiltInModules ForSession(bool netfs)
    {
        List<(string, string)> modules = [("vunet", "vu virtual networking"), ("msocket", "sockets of any mounted stack (msocket, syscall -5)")];
        if (netfs)
        {
            modules.Add(("netfs", "PatchworkOS's sockets as files under /net"));
        }
        modules.Add(("xv6", "xv6 localhost port calls (syscalls -16..-20)"));
        return new BuiltInModules(modules);
    }

    public bool IsLoaded(string name)
    {
        lock (gate)
        {
            return loaded.Contains(name);
        }
    }

    /// <summary>0, or the errno VUOS gives.</summary>
    public int Insert(string name)
    {
        lock (gate)
        {
            if (!modules.Any(m => m.Name == name))
            {
                return Interop.Errno.ENOENT;
            }
            loaded.Add(name);
            return 0;
        }
    }

    public int Remove(string name)
    {
        lock (gate)
        {
            return loaded.Remove(name) ? 0 : Interop.Errno.ENOENT;
        }
    }

    /// <summary>vu_lsmod's text: one `name: description` line per loaded module.</summary>
    public string Listing()
    {
        lock (gate)
        {
            return string.Concat(modules.Where(m => loaded.Contains(m.Name)).Select(m => $"{m.Name}: {m.Description}\n"));
        }
    }
}
