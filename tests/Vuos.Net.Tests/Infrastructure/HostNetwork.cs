using System.Net;
using System.Net.Sockets;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>A persistent host TAP interface with an address, as a user would make one for a tap stack.</summary>
sealed class HostTap : IDisposable
{
    public HostTap(string hostAddressCidr)
    {
        Name = $"vt{Random.Shared.Next(10000, 99999)}";
        Must(["ip", "tuntap", "add", Name, "mode", "tap"]);
        Must(["ip", "addr", "add", hostAddressCidr, "dev", Name]);
        Must(["ip", "link", "set", Name, "up"]);
    }

    public string Name { get; }

    public void Dispose() => Run.Native(["ip", "link", "del", Name]);

    static void Must(IReadOnlyList<string> command)
    {
        var r = Run.Native(command);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', command)}: {r.Stderr}");
    }
}

/// <summary>A vde_switch (Debian vde2) on a socket directory of its own.</summary>
sealed class VdeSwitch : IDisposable
{
    readonly string pidFile;

    public VdeSwitch()
    {
        var dir = Directory.CreateTempSubdirectory("vuos-vde-").FullName;
        Path = System.IO.Path.Combine(dir, "switch");
        pidFile = System.IO.Path.Combine(dir, "pid");
        var r = Run.Native(["vde_switch", "-d", "-s", Path, "-p", pidFile]);
        Assert.True(r.ExitCode == 0, $"vde_switch: {r.Stderr}");
    }

    public string Path { get; }

    public void Dispose()
    {
        if (File.Exists(pidFile))
        {
            Run.Native(["kill", File.ReadAllText(pidFile).Trim()]);
        }
    }
}

static class FreePort
{
    public static int Tcp()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
