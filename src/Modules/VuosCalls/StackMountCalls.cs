using System.Text;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.VuosCalls;

/// <summary>
/// Stacks mounted and unmounted while a session runs, as VUOS users do: mount(2) with a vunet file system type
/// (<see cref="VunetFilesystems"/>; VUOS's vumount is a thin mount(2) wrapper) mounts a stack at the target
/// path for the whole session, and umount2(2) of a stack path unmounts it. Other mounts and unmounts are the
/// kernel's (the call continues). The stack file is a real node in the session's mount namespace, as stack
/// files made at start-up are, so ls, chmod, chown and stat treat it alike. An unmounted stack keeps running
/// until the session ends: sockets already open in it keep working, as in VUOS.
///
/// A session confined to stacks that do not reach the host's network stays so: a stack kind that reaches it
/// (host, slirp, tap; all made with the supervisor's rights) may be mounted only in a session started with a
/// stack of that kind. Loopback stacks are isolated, and a VDE switch is a file the session's programs could
/// open themselves, so those are always allowed.
/// </summary>
public sealed class StackMountCalls(MsocketSession session, BuiltInModules modules, ILogger diag) : ISyscallModule
{
    const int DataMax = 4096;

    readonly HashSet<Stacks.StackKind> startedWith = [.. session.Mounts.Mounts.Select(m => m.Spec.Kind)];

    bool Allowed(Stacks.StackKind kind) =>
        kind is Stacks.StackKind.Loopback or Stacks.StackKind.Vde || startedWith.Contains(kind);

    public string Name => "stack-mounts";

    public void Register(HookRegistry hooks)
    {
        hooks.On("mount", HookMode.Notify, Mount);
        hooks.On("umount2", HookMode.Notify, Umount);
    }

    void Mount(SyscallContext call)
    {
        if (call.Arg(2) == 0 || call.Memory.ReadCString(call.Arg(2), 256) is not { } typeBytes ||
            Encoding.UTF8.GetString(typeBytes) is not { } type || !type.StartsWith(VunetFilesystems.Prefix, StringComparison.Ordinal))
        {
            call.Continue();
            return;
        }
        if (!modules.IsLoaded("vunet"))
        {
            call.Note = "vunet is not loaded (vu_insmod vunet)";
            call.Fail(Errno.ENODEV);
            return;
        }
        var source = call.Arg(0) == 0 ? "" : call.Memory.ReadPath(call.Arg(0));
        var target = call.PathArg(1) ?? throw new ErrnoException("mount", call.Arg(1) == 0 ? Errno.EFAULT : Errno.ENOENT);
        var data = call.Arg(4) == 0 ? "" : Encoding.UTF8.GetString(call.Memory.ReadCString(call.Arg(4), DataMax) ?? throw new ErrnoException("mount", Errno.EINVAL));
        Stacks.StackSpec? spec;
        try
        {
            spec = VunetFilesystems.Spec(type, source, data);
        }
        catch (FormatException e)
        {
            call.Note = e.Message;
            call.Fail(Errno.EINVAL);
            return;
        }
        if (spec is null)
        {
            call.Note = $"no stack type {type} (known: {string.Join(", ", VunetFilesystems.Types)})";
            call.Fail(Errno.ENODEV);
            return;
        }
        if (!Allowed(spec.Kind))
        {
            call.Note = $"{type}: this session was started without a {spec.Kind.ToString().ToLowerInvariant()} stack, and stays without";
            call.Fail(Errno.EPERM);
            return;
        }
        var absolute = ProcessPaths.Resolve(call.Thread.Tid, ProcessPaths.AtFdCwd, target) ?? throw new ErrnoException("mount", Errno.ENOENT);
        try
        {
            var mount = session.MountAtRunTime(absolute, spec);
            diag.Information("pid {Pid} mounted stack {Path:l} ({Spec:l})", call.Thread.Tid, mount.Path, spec.Text);
            call.Note = $"stack {mount.Path} ({spec.Text})";
            call.Return(0);
        }
        catch (ErrnoException e)
        {
            diag.Warning("pid {Pid}: {Message:l}", call.Thread.Tid, e.Message);
            call.Note = e.Message;
            call.Fail(e.Errno);
        }
    }

    void Umount(SyscallContext call)
    {
        if (call.PathArg(0) is not { } target || ProcessPaths.Resolve(call.Thread.Tid, ProcessPaths.AtFdCwd, target) is not { } absolute ||
            session.Mounts.Find(absolute) is null)
        {
            call.Continue();
            return;
        }
        var mount = session.UnmountAtRunTime(absolute);
        if (mount is null)
        {
            call.Fail(Errno.EINVAL);
            return;
        }
        diag.Information("pid {Pid} unmounted stack {Path:l}", call.Thread.Tid, absolute);
        call.Note = $"stack {absolute} unmounted";
        call.Return(0);
    }
}
