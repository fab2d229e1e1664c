using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Cli.Sessions;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Modules.Msocket.Bypass;
using Vuos.Net.Modules.Netfs;
using Vuos.Net.Modules.VuosCalls;
using Vuos.Net.Modules.Xv6;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Cli;

/// <summary>`vuos run [OPTIONS] [--] COMMAND [ARGS...]`: runs a command under the supervisor.</summary>
sealed class RunCommand : Command
{
    readonly Option<bool> stats = new("--stats")
    {
        Description = "On exit, print how often tracees stopped (ptrace stops, seccomp notifications)",
    };

    readonly Option<string[]> stacks = new("--stack")
    {
        Description = "Mount a stack at PATH: PATH=host|loopback|slirp[:OPTIONS]|tap:IFNAME[,OPTIONS]|vde:URL[,OPTIONS] " +
            "(repeatable; without it /dev/net/host, /dev/net/lo and /dev/net/slirp are mounted)",
        HelpName = "PATH=SPEC",
        AllowMultipleArgumentsPerToken = false,
    };

    readonly Option<string[]> defaults = new("--default")
    {
        Description = "Default stack for socket(): [FAMILIES:]PATH, FAMILIES a comma list (inet,inet6,unix,netlink,packet); " +
            "repeatable; without it sockets use the host's stack",
        HelpName = "[FAMILIES:]PATH",
    };

    readonly Option<bool> userNamespace = new("--userns")
    {
        Description = "Have even a root supervisor make the stacks' sockets through the namespace helper, as an unprivileged one does",
    };

    readonly Option<bool> hostUserNamespace = new("--host-userns")
    {
        Description = "Run the command in the host's user namespace (root only): programs keep real root, for mounting devices or " +
            "loading modules; isolation then holds only against programs that are not root",
    };

    readonly Option<string> stackFiles = new("--stack-files")
    {
        Description = "How stat describes stack files: exact (S_IFSTACK, as VUOS; stat calls by name stop) or kernel (the kernel answers: a socket file, no stop)",
        DefaultValueFactory = _ => "exact",
        HelpName = "exact|kernel",
    };

    readonly Option<bool> noNetfs = new("--no-netfs")
    {
        Description = "No /net tree (netfs): no file-name call is rewritten or stops",
    };

    readonly Option<string?> netfsRoot = new("--netfs")
    {
        Description = "Put the netfs tree (sockets as files) at PATH instead of /net",
        HelpName = "PATH",
    };

    readonly Option<bool> verbose = new("--verbose", "-v")
    {
        Description = "Print the supervisor's own diagnostics (twice for debug detail)",
        Arity = ArgumentArity.Zero,
    };

    readonly TraceOptions traceOptions;

    readonly Argument<string[]> command = new("command")
    {
        Description = "The command to run, with its arguments",
        Arity = ArgumentArity.OneOrMore,
    };

    public RunCommand() : base("run", "Run a command under the supervisor")
    {
        stackFiles.AcceptOnlyFromAmong("exact", "kernel");
        verbose.AllowMultipleArgumentsPerToken = true;
        traceOptions = new TraceOptions(this);
        Options.Add(stats);
        Options.Add(stacks);
        Options.Add(defaults);
        Options.Add(userNamespace);
        Options.Add(hostUserNamespace);
        Options.Add(stackFiles);
        Options.Add(noNetfs);
        Options.Add(netfsRoot);
        Options.Add(verbose);
        Arguments.Add(command);
        SetAction(Run);
    }

    /// <summary>Options that take a value in the next token, for <see cref="CommandLineSplitter"/>.</summary>
    public IEnumerable<Option> OptionsWithValues => Options.Where(o => o.Arity.MinimumNumberOfValues > 0);

    int Run(ParseResult parse)
    {
        // Non-dumpable: no process of the session may open the supervisor's /proc files (its memory, its
        // descriptors), whatever its uid; the kernel refuses them.
        Libc.prctl(Prctl.PR_SET_DUMPABLE, 0, 0, 0, 0);
        var verbosity = parse.Tokens.Count(t => t.Value is "-v" or "--verbose");
        using var diag = LogSetup.Diagnostics(verbosity, traceOptions.Json(parse));
        var (log, traceSink) = traceOptions.Build(parse);
        using var traceSinkOwner = traceSink;

        var options = new TracerOptions
        {
            LauncherPath = Path.Combine(AppContext.BaseDirectory, "vuos-launch"),
            InheritedIgnoredSignals = Program.IgnoredAtStart,
            StringLimit = log.Settings.StringLimit,
        };
        if (!File.Exists(options.LauncherPath))
        {
            diag.Error("{Path:l} is missing: rebuild with scripts/build", options.LauncherPath);
            return 1;
        }

        if (parse.GetValue(hostUserNamespace))
        {
            if (Libc.geteuid() != 0)
            {
                diag.Error("--host-userns needs root: an unprivileged session always has a user namespace of its own");
                return 2;
            }
            diag.Warning("--host-userns: programs keep real root, so isolation holds only against programs that are not root");
        }
        var netfsRequested = !parse.GetValue(noNetfs);
        var netfsRequired = parse.GetValue(netfsRoot) is not null;
        (List<(string Path, Stacks.StackSpec Spec)> Definitions, SessionLayout Layout) plan;
        try
        {
            plan = StackOptions.Plan(parse.GetValue(stacks) ?? []);
            if (netfsRequested && NetfsAvailability.Check(diag, netfsRequired))
            {
                plan.Layout.SetFuseMountPoint(parse.GetValue(netfsRoot) ?? "/net");
            }
        }
        catch (FormatException e)
        {
            diag.Error("{Message:l}", e.Message);
            return 2;
        }
        catch (InvalidOperationException e)
        {
            diag.Error("{Message:l}", e.Message);
            return 2;
        }
        SessionNamespaces namespaces;
        try
        {
            namespaces = SessionNamespaces.Start(Path.Combine(AppContext.BaseDirectory, "vuos-nshelper"),
                SessionNamespaces.ModeFor(parse.GetValue(hostUserNamespace)), plan.Layout, parse.GetValue(userNamespace), diag,
                serveStackFiles: parse.GetValue(stackFiles) == "exact");
        }
        catch (InvalidOperationException e)
        {
            diag.Error("{Message:l}", e.Message);
            return 1;
        }
        using var ownedNamespaces = namespaces;
        StackFiles files;
        try
        {
            files = new StackFiles(namespaces, diag);
        }
        catch (Exception e) when (e is ErrnoException or InvalidOperationException)
        {
            diag.Error("{Message:l}", e.Message);
            return 1;
        }
        using var ownedFiles = files;
        MsocketSession session;
        try
        {
            session = StackOptions.BuildSession(plan.Definitions, parse.GetValue(defaults) ?? [], namespaces, files, diag);
            session.StartDefaults();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            diag.Error("{Message:l}", e.Message);
            return 2;
        }
        using var mounts = session.Mounts;
        SocketStacks.Label(log, session);
        using var netfs = namespaces.TakeFuseDevice() is { } device
            ? new NetfsModule(plan.Layout.FuseMountPoint!, device, session, diag)
            : null;
        using var xv6 = new Xv6Module();
        using var bypass = BypassModule.Wanted(session) ? new BypassModule(session, diag) : null;
        List<ISyscallModule> modules = [new MsocketModule(session, diag), xv6, new IsolationGuard()];
        if (bypass is not null)
        {
            modules.Add(bypass);
        }
        if (parse.GetValue(stackFiles) == "exact")
        {
            modules.Add(new StackPathFiles(session.Mounts, namespaces, files));
        }
        if (netfs is not null)
        {
            modules.Add(netfs);
        }
        var builtIns = BuiltInModules.ForSession(netfs is not null);
        modules.Add(new VuosCallsModule(builtIns));
        modules.Add(new StackMountCalls(session, builtIns, diag));
        SessionPath.AppendOwnDirectory();
        TracerEngine engine;
        try
        {
            engine = new TracerEngine(options, modules, log, diag);
        }
        catch (Exception e) when (e is InvalidOperationException or ErrnoException or IOException)
        {
            diag.Error("{Message:l}", e.Message);
            return 1;
        }
        var description = new SessionDescription(parse.GetValue(command)!, session, () => engine, netfs?.MountPoint);
        using var control = SessionControl.Publish(description.Write, description, diag);
        using var signals = SignalForwarding.Install(engine);
        int code;
        try
        {
            code = engine.Run(parse.GetValue(command)!);
            SignalDeath.Remember(engine.MainStatus);
        }
        catch (Exception e) when (e is ErrnoException or InvalidOperationException)
        {
            diag.Error("{Message:l}", e.Message);
            return 1;
        }
        log.Finish();
        if (parse.GetValue(stats))
        {
            Console.Error.WriteLine($"vuos: stats: {engine.Stats}");
        }
        return code;
    }
}
