using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;

namespace Vuos.Net.Vustack;

/// <summary>
/// vustack [-h] [-v] [-s] [-f FAMILIES] STACK COMMAND [ARGS...]: runs COMMAND with STACK as its default
/// network stack. Under a supervisor it sets the default with msocket(STACK, family, SOCK_DEFAULT, 0) and
/// execs COMMAND; outside one it starts `vuos run` with STACK as the default, so it works from any shell.
/// Option parsing stops at STACK, so `vustack lo ip -4 addr` passes -4 to ip.
/// </summary>
static unsafe class Program
{

    const string Usage = """
        Usage: vustack [-h] [-v] [-s] [-f FAMILIES] STACK COMMAND [ARGS...]
        Run COMMAND with STACK as its default network stack.

          STACK          a stack path (/dev/net/lo) or its short name (lo)
          -f FAMILIES    only these address families: a comma list of inet, inet6, ip, ipv4, ipv6,
                         netlink, packet, unix, or numbers (default: every family the stack supports)
          -s             with -f, skip the families the stack does not support instead of failing
          -v             say which defaults were set
          -h             show this help

        Outside a supervisor vustack starts one: `vuos run --default STACK -- COMMAND`.
        """;

    static int Main(string[] args)
    {
        var verbose = false;
        var supportedOnly = false;
        List<int>? families = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-') && args[i] != "-"; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                i++;
                break;
            }
            if (a is "-h" or "--help")
            {
                Console.Out.Write(Usage);
                return 0;
            }
            if (a is "-v" or "--verbose")
            {
                verbose = true;
            }
            else if (a is "-s" or "--supported")
            {
                supportedOnly = true;
            }
            else if (a is "-f" or "--family" or "--families" || a.StartsWith("-f", StringComparison.Ordinal))
            {
                var value = a.Length > 2 && a.StartsWith("-f", StringComparison.Ordinal) && !a.StartsWith("--", StringComparison.Ordinal)
                    ? a[2..]
                    : (++i < args.Length ? args[i] : null);
                if (value is null)
                {
                    return Fail("-f needs a list of address families");
                }
                families = AddressFamilies.Parse(value, out var error);
                if (families is null)
                {
                    return Fail(error!);
                }
            }
            else
            {
                return Fail($"unknown option '{a}'\n{Usage}");
            }
        }
        if (args.Length - i < 2)
        {
            return Fail($"a stack and a command are required\n{Usage}");
        }
        var stack = args[i].Contains('/') ? args[i] : "/dev/net/" + args[i];
        var command = args[(i + 1)..];

        var outcome = SetDefaults(stack, families, supportedOnly, verbose);
        if (outcome == Errno.ENOSYS)
        {
            return StartSupervisor(stack, families, command, verbose);
        }
        if (outcome != 0)
        {
            return 1;
        }
        return Exec(command);
    }

    /// <summary>0 on success, ENOSYS when no supervisor answers msocket, another errno after reporting it.</summary>
    static int SetDefaults(string stack, List<int>? families, bool supportedOnly, bool verbose)
    {
        foreach (var family in families ?? [0])
        {
            var result = Msocket(stack, family);
            if (result == Errno.ENOSYS)
            {
                return Errno.ENOSYS;
            }
            if (result == Errno.EAFNOSUPPORT && supportedOnly)
            {
                if (verbose)
                {
                    Console.Error.WriteLine($"vustack: {stack} does not support {AddressFamilies.NameOf(family)}: skipped");
                }
                continue;
            }
            if (result != 0)
            {
                Console.Error.WriteLine($"vustack: {stack}{(family == 0 ? "" : $" ({AddressFamilies.NameOf(family)})")}: {Marshal.GetPInvokeErrorMessage(result)}");
                return result;
            }
            if (verbose)
            {
                Console.Error.WriteLine($"vustack: default stack for {(family == 0 ? "all supported families" : AddressFamilies.NameOf(family))} is {stack}");
            }
        }
        return 0;
    }

    static int Msocket(string stack, int family)
    {
        var path = Encoding.UTF8.GetBytes(stack + "\0");
        fixed (byte* p = path)
        {
            var r = Libc.syscall(MsocketAbi.SyscallNumber, (ulong)p, (ulong)family, MsocketAbi.SockDefault, 0, 0, 0);
            return r < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    static int StartSupervisor(string stack, List<int>? families, string[] command, bool verbose)
    {
        var vuos = Path.Combine(AppContext.BaseDirectory, "vuos");
        var defaultSpec = families is null ? stack : string.Join(',', families.Select(AddressFamilies.NameOf)) + ":" + stack;
        if (verbose)
        {
            Console.Error.WriteLine($"vustack: no supervisor here: starting one with vuos run --default {defaultSpec}");
        }
        return Exec([vuos, "run", "--default", defaultSpec, "--", .. command]);
    }

    static int Exec(string[] argv)
    {
        var strings = argv.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        var pointers = new nint[strings.Length + 1];
        strings.CopyTo(pointers, 0);
        fixed (nint* p = pointers)
        {
            Libc.execvp((byte*)p[0], (byte**)p);
        }
        var errno = Marshal.GetLastPInvokeError();
        Console.Error.WriteLine($"vustack: {argv[0]}: {Marshal.GetPInvokeErrorMessage(errno)}");
        return errno == Errno.ENOENT ? 127 : 126;
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine($"vustack: {message}");
        return 2;
    }
}
