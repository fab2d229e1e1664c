using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Vuos.Net.Fuse;
using Vuos.Net.Interop;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The FUSE server netfs is built on: real programs list, read and write a small tree it serves.</summary>
public class FuseServerTests
{
    [Fact]
    public void LsShowsEveryNameOfTheRoot()
    {
        using var mount = new TestMount();
        var r = Run.Native(["ls", "-la", mount.Directory]);
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var name in new[] { " .", " ..", " dir", " hello", " echo", " slow", " fail", " many" })
        {
            Assert.Contains(name + "\n", r.Stdout);
        }
        Assert.Matches(@"(?m)^-rw-rw-rw- +1 +\S+ +\S+ +12 .* hello$", r.Stdout);
        Assert.Empty(mount.Problems);
    }

    [Fact]
    public void ADirectoryIsADirectoryAndCdEntersIt()
    {
        using var mount = new TestMount();
        Assert.Equal("directory\n", Run.Native(["stat", "-c", "%F", mount.Path("dir")]).Stdout);
        var r = Run.Native(["bash", "-c", $"cd {mount.Path("dir")} && pwd"]);
        Assert.Equal(mount.Path("dir") + "\n", r.Stdout);
        Assert.Empty(mount.Problems);
    }

    [Fact]
    public void CatPrintsAFile()
    {
        using var mount = new TestMount();
        var r = Run.Native(["cat", mount.Path("hello")]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hello world\n", r.Stdout);
        Assert.Empty(mount.Problems);
    }

    [Fact]
    public void AMissingNameDoesNotExist()
    {
        using var mount = new TestMount();
        Assert.Equal(1, Run.Native(["test", "-e", mount.Path("nope")]).ExitCode);
        var r = Run.Native(["cat", mount.Path("nope")]);
        Assert.Contains("No such file or directory", r.Stderr);
    }

    [Fact]
    public void WhatARedirectionWritesReadsBack()
    {
        using var mount = new TestMount();
        var r = Run.Native(["bash", "-c", $"echo hi > {mount.Path("echo")}; cat {mount.Path("echo")}"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hi\n", r.Stdout);
        Assert.Empty(mount.Problems);
    }

    [Fact]
    public void AnErrorOfAWriteReachesTheProgram()
    {
        using var mount = new TestMount();
        var r = Run.Native(["bash", "-c", $"echo x > {mount.Path("fail")}"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("No such file or directory", r.Stderr);
    }

    [Fact]
    public void CreatingAFileIsRefused()
    {
        using var mount = new TestMount();
        var r = Run.Native(["bash", "-c", $"echo x > {mount.Path("new")}"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Read-only file system", r.Stderr);
    }

    [Fact]
    public void ASignalInterruptsAWriteThatBlocks()
    {
        using var mount = new TestMount();
        var r = Run.Native(["timeout", "-s", "INT", "1", "sh", "-c", $"echo x > {mount.Path("slow")}"]);
        Assert.Equal(124, r.ExitCode);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(10), $"the interrupted write took {r.Elapsed}");
        Assert.True(mount.Tree.SlowWriteInterrupted.IsSet, "the handler's token was not cancelled");
    }

    [Fact]
    public void AWriteThatBlocksDoesNotStallOtherPrograms()
    {
        // One idle worker: the server must start another while the first is held by the write.
        using var mount = new TestMount(workerThreads: 1);
        using var writer = Run.StartBackground(["sh", "-c", $"echo x > {mount.Path("slow")}"]);
        Assert.True(mount.Tree.SlowWriteStarted.Wait(TimeSpan.FromSeconds(10)), "the write never reached the server");
        var r = Run.Native(["cat", mount.Path("hello")], timeout: TimeSpan.FromSeconds(10));
        Assert.Equal("hello world\n", r.Stdout);
        writer.Kill();
        Assert.True(writer.WaitForExit(10_000), "SIGKILL did not end the writer");
    }

    [Fact]
    public void ALargeDirectoryIsListedWhole()
    {
        using var mount = new TestMount();
        var names = Run.Native(["ls", "-f", mount.Path("many")]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(MemoryTree.ManyEntries + 2, names.Length);
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal(MemoryTree.ManyName(MemoryTree.ManyEntries - 1), names.Last());
    }

    [Fact]
    public void AfterDisposeTheMountIsGoneAndNothingBlocks()
    {
        using var mount = new TestMount();
        Assert.Equal(0, Run.Native(["mountpoint", "-q", mount.Directory]).ExitCode);
        using var writer = Run.StartBackground(["sh", "-c", $"echo x > {mount.Path("slow")}"]);
        Assert.True(mount.Tree.SlowWriteStarted.Wait(TimeSpan.FromSeconds(10)), "the write never reached the server");

        var clock = Stopwatch.StartNew();
        mount.Server.Dispose();
        mount.Server.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Dispose took {clock.Elapsed}");
        Assert.NotEqual(0, Run.Native(["mountpoint", "-q", mount.Directory]).ExitCode);
        Assert.True(writer.WaitForExit(10_000), "the writer still waits after Dispose");
        Assert.NotEqual(0, writer.ExitCode);
    }

    [Fact]
    public void TwoServersServeTwoTreesAtOnce()
    {
        using var first = new TestMount();
        using var second = new TestMount();
        var r = Run.Native(["bash", "-c", $"echo one > {first.Path("echo")}; echo two > {second.Path("echo")}; " +
            $"cat {first.Path("echo")} {second.Path("echo")} {second.Path("hello")}"]);
        Assert.Equal("one\ntwo\nhello world\n", r.Stdout);
    }

    [Fact]
    public void MountingThroughFusermount3Works()
    {
        using var mount = new TestMount(method: FuseMountMethod.Fusermount);
        Assert.Contains("fuse.vuos-netfs", Run.Native(["findmnt", "-n", "-o", "FSTYPE", mount.Directory]).Stdout);
        Assert.Equal("hello world\n", Run.Native(["cat", mount.Path("hello")]).Stdout);
        mount.Server.Dispose();
        Assert.NotEqual(0, Run.Native(["mountpoint", "-q", mount.Directory]).ExitCode);
        Assert.Empty(mount.Problems);
    }

    [Fact]
    public void AMissingMountPointIsReportedClearly()
    {
        using var server = new FuseServer(new MemoryTree(), "/nonexistent/vuos-fuse", Logger.None);
        var e = Assert.Throws<InvalidOperationException>(server.Start);
        Assert.Contains("/nonexistent/vuos-fuse", e.Message);
    }

    [Fact]
    public void ProtocolStructuresHaveTheKernelsSizes()
    {
        Assert.Equal(40, Marshal.SizeOf<FuseInHeader>());
        Assert.Equal(16, Marshal.SizeOf<FuseOutHeader>());
        Assert.Equal(88, Marshal.SizeOf<FuseAttr>());
        Assert.Equal(128, Marshal.SizeOf<FuseEntryOut>());
        Assert.Equal(104, Marshal.SizeOf<FuseAttrOut>());
        Assert.Equal(64, Marshal.SizeOf<FuseInitOut>());
        Assert.Equal(16, Marshal.SizeOf<FuseOpenOut>());
        Assert.Equal(40, Marshal.SizeOf<FuseReadIn>());
        Assert.Equal(24, Marshal.SizeOf<FuseReleaseIn>());
        Assert.Equal(80, Marshal.SizeOf<FuseStatFsOut>());
        Assert.Equal(FuseConst.DirentNameOffset, Marshal.SizeOf<FuseDirent>());
    }

    /// <summary>A server of a fresh <see cref="MemoryTree"/> on a temporary directory, with its warnings collected.</summary>
    sealed class TestMount : IDisposable
    {
        readonly ProblemSink problems = new();

        public TestMount(int workerThreads = 4, FuseMountMethod method = FuseMountMethod.Automatic)
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("vuos-fuse-").FullName;
            var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(problems).CreateLogger();
            Server = new FuseServer(Tree, Directory, log, workerThreads, method);
            try
            {
                Server.Start();
            }
            catch
            {
                System.IO.Directory.Delete(Directory);
                throw;
            }
        }

        public string Directory { get; }

        public MemoryTree Tree { get; } = new();

        public FuseServer Server { get; }

        public IReadOnlyList<string> Problems => [.. problems.Messages];

        public string Path(string name) => System.IO.Path.Combine(Directory, name);

        public void Dispose()
        {
            Server.Dispose();
            System.IO.Directory.Delete(Directory);
        }

        sealed class ProblemSink : ILogEventSink
        {
            public ConcurrentQueue<string> Messages { get; } = new();

            public void Emit(LogEvent logEvent) => Messages.Enqueue(logEvent.RenderMessage() + " " + logEvent.Exception);
        }
    }

    /// <summary>
    /// A root holding a directory, a file reading "hello world\n", "echo" (reads back the last write), "slow"
    /// (a write waits until interrupted), "fail" (a write fails with ENOENT) and "many" (a directory of
    /// <see cref="ManyEntries"/> long names, more than one READDIR page).
    /// </summary>
    sealed class MemoryTree : IFuseFileSystem
    {
        public const int ManyEntries = 1000;

        const uint DirectoryMode = 0x41ed; // S_IFDIR | 0755
        const uint RegularMode = 0x81b6; // S_IFREG | 0666
        const ulong Root = 1, Dir = 2, Hello = 3, Echo = 4, Slow = 5, Fail = 6, Many = 7, FirstManyChild = 1000;

        static readonly byte[] HelloText = Encoding.UTF8.GetBytes("hello world\n");
        static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        static readonly Dictionary<string, ulong> RootNames = new()
        {
            ["dir"] = Dir,
            ["hello"] = Hello,
            ["echo"] = Echo,
            ["slow"] = Slow,
            ["fail"] = Fail,
            ["many"] = Many,
        };

        readonly object gate = new();
        byte[] echo = [];

        public ManualResetEventSlim SlowWriteStarted { get; } = new();

        public ManualResetEventSlim SlowWriteInterrupted { get; } = new();

        public static string ManyName(int i) => $"entry-{i:D4}-with-a-name-long-enough-to-need-several-pages";

        public int Lookup(FuseRequestContext ctx, ulong parent, string name, out FuseAttributes attributes)
        {
            attributes = default;
            ulong inode = 0;
            if (parent == Root && RootNames.TryGetValue(name, out var child))
            {
                inode = child;
            }
            else if (parent == Many && name.StartsWith("entry-") && int.TryParse(name.AsSpan(6, 4), out var i) && ManyName(i) == name)
            {
                inode = FirstManyChild + (ulong)i;
            }
            return inode == 0 ? Errno.ENOENT : GetAttributes(ctx, inode, out attributes);
        }

        public int GetAttributes(FuseRequestContext ctx, ulong inode, out FuseAttributes attributes)
        {
            var isDirectory = inode is Root or Dir or Many;
            var size = inode switch
            {
                Hello => (ulong)HelloText.Length,
                Echo => (ulong)EchoContent().Length,
                _ => 0UL,
            };
            attributes = new FuseAttributes(inode, isDirectory ? DirectoryMode : RegularMode, size, isDirectory ? 2u : 1u, 0, 0, Time);
            return inode is >= Root and <= Many or >= FirstManyChild and < FirstManyChild + ManyEntries ? 0 : Errno.ENOENT;
        }

        public int Open(FuseRequestContext ctx, ulong inode, int flags, out ulong fileHandle)
        {
            fileHandle = inode;
            if (inode == Echo && (flags & 0x200) != 0) // O_TRUNC
            {
                SetEcho([]);
            }
            return inode is Root or Dir or Many ? Errno.EISDIR : 0;
        }

        public int Read(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, Span<byte> buffer, out int count)
        {
            var content = inode switch
            {
                Hello => HelloText,
                Echo => EchoContent(),
                _ => [],
            };
            var from = (int)Math.Min(offset, content.Length);
            count = Math.Min(buffer.Length, content.Length - from);
            content.AsSpan(from, count).CopyTo(buffer);
            return 0;
        }

        public int Write(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, ReadOnlySpan<byte> data, out int written)
        {
            written = 0;
            switch (inode)
            {
                case Echo:
                    SetEcho(data.ToArray());
                    written = data.Length;
                    return 0;
                case Slow:
                    SlowWriteStarted.Set();
                    if (ctx.Interrupted.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)))
                    {
                        SlowWriteInterrupted.Set();
                    }
                    return Errno.EINTR;
                case Fail:
                    return Errno.ENOENT;
                default:
                    return Errno.EACCES;
            }
        }

        public void Release(ulong inode, ulong fileHandle)
        {
        }

        public int ReadDirectory(FuseRequestContext ctx, ulong inode, out IReadOnlyList<FuseDirectoryEntry> entries)
        {
            entries = inode switch
            {
                Root => [.. RootNames.Select(n => new FuseDirectoryEntry(n.Value, n.Key, n.Value is Dir or Many ? DirectoryMode : RegularMode))],
                Many => [.. Enumerable.Range(0, ManyEntries).Select(i => new FuseDirectoryEntry(FirstManyChild + (ulong)i, ManyName(i), RegularMode))],
                _ => [],
            };
            return inode is Root or Dir or Many ? 0 : Errno.ENOTDIR;
        }

        public int Access(FuseRequestContext ctx, ulong inode, int mask) => 0;

        byte[] EchoContent()
        {
            lock (gate)
            {
                return echo;
            }
        }

        void SetEcho(byte[] content)
        {
            lock (gate)
            {
                echo = content;
            }
        }
    }
}
