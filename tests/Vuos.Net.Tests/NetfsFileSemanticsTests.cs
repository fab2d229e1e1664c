using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// netfs's data and accept files as PatchworkOS defines them: a listener's data is pollable for new clients
/// (its window server's pattern), ":nonblock" belongs to the open file, and a write to a vanished peer is EPIPE.
/// </summary>
public class NetfsFileSemanticsTests
{
    static RunResult Python(string program) => Run.Vuos(["python3", "-c", Listener + "\n" + program], timeout: TimeSpan.FromSeconds(60));

    const string Listener = """
        import os, select, threading, errno
        def sock(kind='seqpacket'):
            h = os.open(f'/net/local/{kind}', os.O_RDONLY); i = os.read(h, 16).decode(); return h, i
        def ctl(i, text):
            with open(f'/net/local/{i}/ctl', 'w') as c: c.write(text)
        lh, lid = sock(); ctl(lid, f'bind dwm{os.getpid()} && listen')
        """;

    [Fact]
    public void LocalSeqpacketMessagesStopAtPatchworkOsPacketSize()
    {
        var r = Python("""
            ch, cid = sock(); ctl(cid, f'connect dwm{os.getpid()}')
            conn = os.open(f'/net/local/{lid}/accept', os.O_RDWR)
            data = os.open(f'/net/local/{cid}/data', os.O_RDWR)
            print('16376:', os.write(data, b'x' * 16376), len(os.read(conn, 65536)))
            try: os.write(data, b'x' * 16377)
            except OSError as e: print('16377:', errno.errorcode[e.errno])
            try: os.write(conn, b'y' * 16377)
            except OSError as e: print('accepted 16377:', errno.errorcode[e.errno])
            """);
        Assert.Equal("16376: 16376 16376\n16377: EMSGSIZE\naccepted 16377: EMSGSIZE\n", r.Stdout);
    }

    [Fact]
    public void LocalNamesKeepTheir255FirstBytesAsPatchworkOsKeepsThem()
    {
        var r = Python("""
            base = f'n{os.getpid()}-'
            long = base + 'a' * (300 - len(base))
            mid = base + 'b' * (200 - len(base))
            h1, i1 = sock(); ctl(i1, f'bind {long} && listen')
            h2, i2 = sock(); ctl(i2, f'bind {mid} && listen')
            names = [a for a in open('/net/local/addrs').read().split('\n') if a.startswith(base)]
            print(sorted(len(a) for a in names))
            for target in (long, long[:255], mid):
                c, ci = sock(); ctl(ci, f'connect {target}'); print('connected', len(target))
            c, ci = sock()
            try: ctl(ci, f'connect {long[:254]}')
            except OSError as e: print('254 bytes:', errno.errorcode[e.errno])
            """);
        Assert.Equal("[200, 255]\nconnected 300\nconnected 255\nconnected 200\n254 bytes: ECONNREFUSED\n", r.Stdout);
    }

    [Fact]
    public void AListenersDataFileIsReadableWhileAClientWaitsAsDwmPollsIt()
    {
        var r = Python("""
            data = os.open(f'/net/local/{lid}/data:nonblock', os.O_RDWR)
            p = select.poll(); p.register(data, select.POLLIN)
            print('before', p.poll(0))
            ch, cid = sock(); ctl(cid, f'connect dwm{os.getpid()}')
            print('after', [(fd == data, ev & select.POLLIN != 0) for fd, ev in p.poll(10000)])
            conn = os.open(f'/net/local/{lid}/accept:nonblock', os.O_RDWR)
            client = os.open(f'/net/local/{cid}/data', os.O_RDWR)
            os.write(client, b'hello'); print(os.read(conn, 100))
            try: os.read(data, 10)
            except OSError as e: print('listener data read', errno.errorcode[e.errno])
            """);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("before []\nafter [(True, True)]\nb'hello'\nlistener data read ENOTCONN\n", r.Stdout);
    }

    [Fact]
    public void NonblockBelongsToTheOpenFileNotToTheSocket()
    {
        var r = Python("""
            ch, cid = sock(); ctl(cid, f'connect dwm{os.getpid()}')
            conn = os.open(f'/net/local/{lid}/accept', os.O_RDWR)
            quick = os.open(f'/net/local/{cid}/data:nonblock', os.O_RDWR)
            try: os.read(quick, 10)
            except BlockingIOError: print('nonblock file: EAGAIN')
            plain = os.open(f'/net/local/{cid}/data', os.O_RDWR)
            got = []
            def reader():
                got.append(os.read(plain, 10))
            t = threading.Thread(target=reader); t.start()
            # Wait until the reader is blocked in read(2) on the plain file, then send.
            while True:
                try:
                    with open(f'/proc/self/task/{t.native_id}/syscall') as f:
                        if f.read().split()[0] == '0': break
                except FileNotFoundError: pass
            os.write(conn, b'late'); t.join()
            print('plain file waited for', got[0])
            """);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("nonblock file: EAGAIN\nplain file waited for b'late'\n", r.Stdout);
    }

    [Fact]
    public void AWriteToAVanishedPeerIsEpipeNotADeathBySigpipe()
    {
        // bash does not ignore SIGPIPE: a signal would end the subshell with 141 instead of the error message.
        var script = """
            exec 3</net/local/stream; read -r lid <&3; echo "bind gone$$ && listen" > /net/local/$lid/ctl
            exec 4</net/local/stream; read -r cid <&4; echo "connect gone$$" > /net/local/$cid/ctl
            exec 5<>/net/local/$lid/accept; exec 5<&-
            exec 6<>/net/local/$cid/data
            (echo one >&6; echo two >&6; echo three >&6); echo "status $?"
            """;
        var r = Run.Vuos(["bash", "-c", script]);
        Assert.Contains("Broken pipe", r.Stderr);
        Assert.EndsWith("status 1\n", r.Stdout);
    }

    [Fact]
    public void BacklogAndStateFollowPatchworkOs()
    {
        var r = Python("""
            def tries(i, text):
                try: ctl(i, text); return 'ok'
                except OSError as e: return errno.errorcode[e.errno]
            a, aid = sock(); print('listen 0', tries(aid, 'listen 0'))
            print('listen 2abc', tries(aid, f'bind full{os.getpid()} && listen 2abc'))
            print('listen again', tries(aid, 'listen'))
            b, bid = sock('stream'); print('listen -1', tries(bid, f'bind huge{os.getpid()} && listen -1'))
            outcomes = []
            for n in range(4):
                c, cid = sock(); outcomes.append(tries(cid, f'connect full{os.getpid()}'))
            print('connects to a backlog of 2', outcomes)
            c, cid = sock('stream'); print('connect', tries(cid, f'connect huge{os.getpid()}'), 'again', tries(cid, f'connect huge{os.getpid()}'))
            """);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("""
            listen 0 EINVAL
            listen 2abc ok
            listen again EINVAL
            listen -1 ok
            connects to a backlog of 2 ['ok', 'ok', 'ok', 'ECONNREFUSED']
            connect ok again EINVAL

            """, r.Stdout);
    }
}
