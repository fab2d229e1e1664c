using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The samples in samples/netfs, run under the supervisor the way their README says: a server with its
/// clients in one session, C and bash variants mixed, on the host stack and with --default lo. Output of
/// processes running side by side goes to a file per process, printed in a fixed order at the end.
/// Local names on the host stack are the host's abstract socket names, shared with every other session
/// (other test runs included), so each test binds names of its own.
/// </summary>
public class NetfsSampleTests
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The command that runs sample NAME: "c", the compiled C program; "sh", the bash script.</summary>
    static string Sample(string name, string variant) => variant switch
    {
        "c" => Fixtures.Sample("netfs/" + name),
        "sh" => "bash " + Path.Combine(Repo.Root, "samples", "netfs", name + ".sh"),
        _ => throw new ArgumentException(variant),
    };

    /// <summary>A local name no other test or session uses.</summary>
    static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    static RunResult Bash(string script, string stack, string? stdin = null) =>
        Run.Vuos(["bash", "-c", script], stack == "lo" ? ["--default", "lo"] : [], stdin, RunTimeout);

    [Theory]
    [InlineData("c", "c", "host")]
    [InlineData("sh", "sh", "host")]
    [InlineData("c", "sh", "host")]
    [InlineData("sh", "c", "host")]
    [InlineData("c", "c", "lo")]
    [InlineData("sh", "sh", "lo")]
    public void ServerAnswersEachClientInTurnUntilOneSaysQuit(string server, string client, string stack)
    {
        var svc = UniqueName("svc");
        var script = $"""
            out=$(mktemp); {Sample("server", server)} {svc} > $out & s=$!
            {Sample("client", client)} {svc} hello 'two  words'
            {Sample("client", client)} {svc} again quit never-sent
            wait $s; echo "server exited $?"; cat $out; rm $out
            """;
        var r = Bash(script, stack);
        Assert.Equal($"{svc}: hello\n{svc}: two  words\nbye\n{svc}: again\nbye\nserver exited 0\nlistening as {svc}\n", r.Stdout);
    }

    [Theory]
    [InlineData("c")]
    [InlineData("sh")]
    public void ClientWithoutMessagesSendsTheLinesOfItsStdin(string client)
    {
        var svc = UniqueName("svc");
        var script = $"""
            {Sample("server", "c")} {svc} > /dev/null &
            {Sample("client", client)} {svc}
            {Sample("client", "c")} {svc} quit > /dev/null; wait
            """;
        Assert.Equal($"{svc}: first\n{svc}: \n{svc}: last line\nbye\n", Bash(script, "host", stdin: "first\n\nlast line\n").Stdout);
    }

    [Theory]
    [InlineData("c", "sh")]
    [InlineData("sh", "c")]
    public void ClientStartedBeforeTheServerRetriesUntilItListens(string client, string server)
    {
        var late = UniqueName("late");
        var script = $"""
            out=$(mktemp); {Sample("client", client)} {late} hello > $out & c=$!
            sleep 0.5; {Sample("server", server)} {late} > /dev/null & s=$!
            wait $c; echo "client exited $?"; cat $out; rm $out
            {Sample("client", client)} {late} quit; wait $s
            """;
        Assert.Equal($"client exited 0\n{late}: hello\nbye\nbye\n", Bash(script, "host").Stdout);
    }

    [Theory]
    [InlineData("c", "c", "host")]
    [InlineData("sh", "sh", "host")]
    [InlineData("c", "sh", "lo")]
    [InlineData("sh", "c", "lo")]
    public void WaiterReportsAServerOnceItListens(string waiter, string server, string stack)
    {
        // The server starts half a second after the waiter: the waiter has to watch addrs change (its 30 s limit only
        // bounds a broken run: a loaded machine may take seconds to start the server).
        var up = UniqueName("up");
        var script = $"""
            (sleep 0.5; {Sample("server", server)} {up} > /dev/null) &
            {Sample("waiter", waiter)} {up} 30; echo "waiter exited $?"
            {Sample("client", "c")} {up} quit; wait
            """;
        var r = Bash(script, stack);
        Assert.Equal($"{up} is up\nwaiter exited 0\nbye\n", r.Stdout);
        Assert.True(r.Elapsed >= TimeSpan.FromSeconds(0.5), $"took {r.Elapsed}");
    }

    [Theory]
    [InlineData("c")]
    [InlineData("sh")]
    public void WaiterGivesUpAfterItsTimeoutAndMatchesWholeNamesOnly(string waiter)
    {
        // UP + "per" listens the whole time: waiting for UP must not be satisfied by it.
        var up = UniqueName("up");
        var script = $"""
            {Sample("server", "c")} {up}per > /dev/null &
            {Sample("waiter", waiter)} {up} 1; echo "waiter exited $?"
            {Sample("client", "c")} {up}per quit > /dev/null; wait
            """;
        var r = Bash(script, "host");
        Assert.Equal("waiter exited 1\n", r.Stdout);
        Assert.Contains($"waiter: {up} did not come up within 1 s\n", r.Stderr);
        Assert.InRange(r.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("c", "c", "host")]
    [InlineData("sh", "sh", "host")]
    [InlineData("c", "sh", "lo")]
    [InlineData("sh", "c", "lo")]
    public void EventLoopServesThreeClientsStartedTogether(string evloop, string client, string stack)
    {
        var (c, ev) = (Sample("client", client), UniqueName("ev"));
        var script = $"""
            d=$(mktemp -d)
            {Sample("evloop", evloop)} 3 {ev} > $d/evloop & {c} {ev} a1 a2 > $d/a & {c} {ev} b1 > $d/b & {c} {ev} c1 > $d/c & wait
            cat $d/evloop $d/a $d/b $d/c; rm -r $d
            """;
        Assert.Equal($"listening as {ev}\nserved 3 clients\n{ev}: a1\n{ev}: a2\nbye\n{ev}: b1\nbye\n{ev}: c1\nbye\n", Bash(script, stack).Stdout);
    }

    [Theory]
    [InlineData("c", "c")]
    [InlineData("sh", "sh")]
    [InlineData("sh", "c")]
    public void EventLoopAnswersOtherClientsWhileOneStaysConnected(string evloop, string client)
    {
        // The first client reads its messages from a fifo and stays connected between them. Two more
        // clients must be answered in that time: a server that served one client at a time would leave
        // them waiting, and `timeout` would end them with no answer.
        var (c, ev) = (Sample("client", client), UniqueName("ev"));
        var script = $"""
            d=$(mktemp -d); mkfifo $d/in
            {Sample("evloop", evloop)} 3 {ev} > $d/evloop &
            exec 7<> $d/in
            {c} {ev} < $d/in 7>&- > $d/first &
            echo one >&7
            until grep -q one $d/first; do sleep 0.05; done
            timeout 3 {c} {ev} two; timeout 3 {c} {ev} three
            echo four >&7; exec 7>&-
            wait
            echo "-- first"; cat $d/first; echo "-- evloop"; cat $d/evloop; rm -r $d
            """;
        Assert.Equal($"{ev}: two\nbye\n{ev}: three\nbye\n-- first\n{ev}: one\n{ev}: four\nbye\n-- evloop\nlistening as {ev}\nserved 3 clients\n",
            Bash(script, "host").Stdout);
    }
}
