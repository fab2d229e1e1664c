using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Users without privileges get the same stacks, through a user namespace the supervisor's helper owns.</summary>
public class UnprivilegedStackTests
{
    static IReadOnlyList<string> AsNobody(IReadOnlyList<string> command) =>
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", .. command];

    [Fact]
    public void LoopbackStackWorksForAnUnprivilegedUser()
    {
        using var server = new HttpFixtureServer("host\n");
        var script = "id -u; socat TCP-LISTEN:9000,bind=127.0.0.1,reuseaddr,fork SYSTEM:'echo inside' & " +
            "for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null && break; sleep 0.05; done; " +
            $"socat -T2 - TCP:127.0.0.1:9000 </dev/null; curl -s -m 3 http://127.0.0.1:{server.Port}/ >/dev/null; echo host-curl=$?; " +
            "ping -c 1 -W 2 127.0.0.1 >/dev/null && echo ping-ok; kill %1";
        var r = Run.Native(AsNobody([Repo.VuosBinary, "run", "--default", "lo", "--", "bash", "-c", script]));
        Assert.Equal("65534\ninside\nhost-curl=7\nping-ok\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void AccessChecksAnswerAsNativelyWhileTheProgramCanConfigureItsStack()
    {
        // The session's processes hold CAP_NET_ADMIN over their stack; access() must still answer for the user
        // alone (and, with SECBIT_NO_SETUID_FIXUP, without overriding credentials at every call).
        const string script = "for f in /etc/shadow /etc/passwd /usr/bin/id; do for m in r w x; do test -$m $f && echo -n $m || echo -n -; done; echo \" $f\"; done; " +
            "python3 -c 'import os; print(os.access(\"/etc/shadow\", os.R_OK), os.access(\"/etc/passwd\", os.W_OK, effective_ids=True))'";
        var native = Run.Native(AsNobody(["bash", "-c", script]));
        Assert.Equal("--- /etc/shadow\nr-- /etc/passwd\nr-x /usr/bin/id\nFalse False\n", native.Stdout);
        var r = Run.Native(AsNobody([Repo.VuosBinary, "run", "--no-netfs", "--default", "lo", "--", "bash", "-c", script + "; ip addr add 10.9.9.9/24 dev lo && echo configured"]));
        Assert.Equal(native.Stdout + "configured\n", r.Stdout);
    }

    [Fact]
    public void RootCanAskForTheUserNamespacePathToo()
    {
        var r = Run.Vuos(["bash", "-c", "id -u; ip -4 -o addr | wc -l"], ["--userns", "--default", "lo"]);
        Assert.Equal("0\n1\n", r.Stdout);
    }

    [Fact]
    public void AKernelThatForbidsUserNamespacesGetsAClearMessage()
    {
        // A user namespace whose limit of nested user namespaces is 0 stands for a kernel that forbids them.
        var inner = $"echo 0 > /proc/sys/user/max_user_namespaces && exec {Repo.VuosBinary} run --userns --default lo -- curl -s http://127.0.0.1:1/";
        var r = Run.Native(["unshare", "--user", "--map-root-user", "bash", "-c", inner]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("cannot create a user namespace", r.Stderr);
        Assert.Contains("max_user_namespaces", r.Stderr);
    }
}
