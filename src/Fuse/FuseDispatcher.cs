using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Serilog;
using Serilog.Events;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// The FUSE protocol: decodes one request, calls the file system, sends the reply. Attributes and entries are
/// sent with zero validity: the tree changes under the kernel's feet (socket directories appear and vanish),
/// so the kernel asks again each time. Nothing here holds a lock while the file system runs.
/// </summary>
sealed class FuseDispatcher
{
    public const int MaxWrite = 128 * 1024;

    /// <summary>The kernel needs room for a whole WRITE: its headers and max_write bytes of data.</summary>
    public const int RequestBufferSize = MaxWrite + 4096;

    public const int ReplyBufferSize = OutHeaderSize + MaxWrite;

    const uint ProtocolMinor = 31;
    const int EROFS = 30;

    /// <summary>
    /// No FUSE_ASYNC_READ (a read larger than max_write reaches the file system as pieces in order, never in
    /// parallel) and no writeback cache; O_TRUNC comes with OPEN instead of a separate SETATTR.
    /// </summary>
    const uint InitFlags = FuseConst.InitAtomicOTrunc | FuseConst.InitBigWrites | FuseConst.InitParallelDirOps | FuseConst.InitMaxPages;

    static readonly int InHeaderSize = Marshal.SizeOf<FuseInHeader>();
    const int OutHeaderSize = 16;
    const int WriteInSize = 40;

    readonly IFuseFileSystem fileSystem;
    readonly FuseInterrupts interrupts;
    readonly FusePollNotifier? notifier;
    readonly FuseDirectoryListings directories;
    readonly ILogger log;
    readonly ManualResetEventSlim initialized = new();

    /// <summary>Open files and how many times each is open, to release them if the server stops first.</summary>
    readonly ConcurrentDictionary<(ulong Inode, ulong Handle), int> openFiles = new();

    public FuseDispatcher(IFuseFileSystem fileSystem, FuseInterrupts interrupts, FusePollNotifier? notifier, ILogger log)
    {
        this.fileSystem = fileSystem;
        this.interrupts = interrupts;
        this.notifier = notifier;
        this.log = log;
        directories = new FuseDirectoryListings(fileSystem);
    }

    /// <summary>Set once FUSE_INIT has been answered: the mount is usable.</summary>
    public WaitHandle Initialized => initialized.WaitHandle;

    public void Handle(ReadOnlySpan<byte> request, Span<byte> reply, FuseDevice device)
    {
        if (request.Length < InHeaderSize)
        {
            log.Warning("fuse: short request of {Length} bytes ignored", request.Length);
            return;
        }
        var header = MemoryMarshal.Read<FuseInHeader>(request);
        var body = request[InHeaderSize..(int)Math.Clamp(header.Length, (uint)InHeaderSize, (uint)request.Length)];
        var payload = reply[OutHeaderSize..];
        int error;
        var length = 0;
        var negotiated = false;
        switch (header.Opcode)
        {
            case FuseOpcode.Forget or FuseOpcode.BatchForget:
                // Inode numbers belong to the file system, so there is no lookup count to keep.
                return;
            case FuseOpcode.Interrupt:
                interrupts.Interrupt(FuseEncoding.Argument<FuseInterruptIn>(body).Unique);
                return;
            case FuseOpcode.Init:
                error = Init(FuseEncoding.Argument<FuseInitIn>(body), payload, out length, out negotiated);
                break;
            default:
                error = Call(header, body, payload, out length);
                break;
        }
        var outHeader = new FuseOutHeader
        {
            Length = (uint)(OutHeaderSize + (error == 0 ? length : 0)),
            Error = -error,
            Unique = header.Unique,
        };
        MemoryMarshal.Write(reply, in outHeader);
        if (log.IsEnabled(LogEventLevel.Verbose))
        {
            log.Verbose("fuse: opcode {Opcode} inode {Inode} from pid {Pid}: {Error}", header.Opcode, header.NodeId, header.Pid, -error);
        }
        var sent = device.Write(reply[..(int)outHeader.Length]);
        // ENOENT: the request was interrupted and the caller has gone; EBADF: the server has stopped.
        if (sent is not (0 or Errno.ENOENT or Errno.EBADF))
        {
            log.Warning("fuse: reply to opcode {Opcode} failed: {Error:l}", header.Opcode, Marshal.GetPInvokeErrorMessage(sent));
        }
        if (sent == 0 && negotiated)
        {
            initialized.Set();
        }
    }

    /// <summary>The kernel is going away: release what it never will.</summary>
    public void ReleaseOpenFiles()
    {
        foreach (var ((inode, handle), count) in openFiles)
        {
            for (var i = 0; i < count; i++)
            {
                try
                {
                    fileSystem.Release(inode, handle);
                }
                catch (Exception e)
                {
                    log.Error(e, "fuse: releasing inode {Inode} handle {Handle} failed", inode, handle);
                }
            }
        }
        openFiles.Clear();
    }

    int Init(FuseInitIn init, Span<byte> payload, out int length, out bool negotiated)
    {
        length = 0;
        negotiated = false;
        if (init.Major > FuseConst.KernelVersion)
        {
            // Answered with our major version alone; the kernel then offers it in a second INIT.
            length = Out(payload, new FuseInitOut { Major = FuseConst.KernelVersion });
            return 0;
        }
        if (init.Major < FuseConst.KernelVersion)
        {
            log.Error("fuse: the kernel speaks protocol {Major}.{Minor}; this server needs 7", init.Major, init.Minor);
            return Errno.EPROTO;
        }
        log.Debug("fuse: kernel protocol 7.{Minor}, flags {Flags:x}", init.Minor, init.Flags);
        length = Out(payload, new FuseInitOut
        {
            Major = FuseConst.KernelVersion,
            Minor = Math.Min(ProtocolMinor, init.Minor),
            MaxReadahead = init.MaxReadahead,
            Flags = init.Flags & InitFlags,
            MaxWrite = MaxWrite,
            TimeGranularity = 1,
            MaxPages = MaxWrite / 4096,
        });
        negotiated = true;
        return 0;
    }

    int Call(in FuseInHeader header, ReadOnlySpan<byte> body, Span<byte> payload, out int length)
    {
        length = 0;
        var ctx = new FuseRequestContext(header.Uid, header.Gid, (int)header.Pid, interrupts.Begin(header.Unique));
        try
        {
            var error = Operation(header, body, ctx, payload, out length);
            if (error is < 0 or > 4095)
            {
                log.Error("fuse: opcode {Opcode} returned errno {Errno}; answering EIO", header.Opcode, error);
                return Errno.EIO;
            }
            return error;
        }
        catch (OperationCanceledException) when (ctx.Interrupted.IsCancellationRequested)
        {
            return Errno.EINTR;
        }
        catch (Exception e)
        {
            log.Error(e, "fuse: opcode {Opcode} on inode {Inode} failed", header.Opcode, header.NodeId);
            return Errno.EIO;
        }
        finally
        {
            interrupts.End(header.Unique);
        }
    }

    int Operation(in FuseInHeader header, ReadOnlySpan<byte> body, FuseRequestContext ctx, Span<byte> payload, out int length)
    {
        length = 0;
        var inode = header.NodeId;
        switch (header.Opcode)
        {
            case FuseOpcode.Lookup:
                return Entry(fileSystem.Lookup(ctx, inode, FuseEncoding.Name(body), out var found), found, payload, out length);
            case FuseOpcode.GetAttr:
                return Attributes(fileSystem.GetAttributes(ctx, inode, out var attributes), attributes, payload, out length);
            case FuseOpcode.SetAttr:
                return Attributes(fileSystem.SetAttributes(ctx, inode, FuseEncoding.Argument<FuseSetAttrIn>(body), out var changed), changed, payload,
                    out length);
            case FuseOpcode.Open:
                return Open(ctx, inode, FuseEncoding.Argument<FuseOpenIn>(body), payload, out length);
            case FuseOpcode.Read:
                var readIn = FuseEncoding.Argument<FuseReadIn>(body);
                return Read(ctx with { FileFlags = (int)readIn.Flags }, inode, readIn, payload, out length);
            case FuseOpcode.Write:
                var writeIn = FuseEncoding.Argument<FuseReadIn>(body);
                return Write(ctx with { FileFlags = (int)writeIn.Flags }, inode, writeIn, body[Math.Min(WriteInSize, body.Length)..], payload, out length);
            case FuseOpcode.Poll:
                return Poll(ctx, inode, FuseEncoding.Argument<FusePollIn>(body), payload, out length);
            case FuseOpcode.Release:
                var file = (inode, FuseEncoding.Argument<FuseReleaseIn>(body).FileHandle);
                notifier?.Forget(file.FileHandle);
                Closed(file);
                fileSystem.Release(file.inode, file.FileHandle);
                return 0;
            case FuseOpcode.OpenDir:
                var error = directories.Open(ctx, inode, out var directory);
                length = error == 0 ? Out(payload, new FuseOpenOut { FileHandle = directory }) : 0;
                return error;
            case FuseOpcode.ReadDir:
                var read = FuseEncoding.Argument<FuseReadIn>(body);
                return directories.Read(ctx, inode, read.FileHandle, read.Offset, payload[..(int)Math.Min(read.Size, (uint)payload.Length)], out length);
            case FuseOpcode.ReleaseDir:
                directories.Release(FuseEncoding.Argument<FuseReleaseIn>(body).FileHandle);
                return 0;
            case FuseOpcode.Access:
                return fileSystem.Access(ctx, inode, (int)FuseEncoding.Argument<FuseAccessIn>(body).Mask);
            case FuseOpcode.StatFs:
                length = Out(payload, new FuseStatFsOut { BlockSize = 4096, FragmentSize = 4096, NameLength = 255 });
                return 0;
            case FuseOpcode.Flush or FuseOpcode.Destroy:
                return 0;
            case FuseOpcode.Create or FuseOpcode.Mknod or FuseOpcode.Mkdir or FuseOpcode.Unlink or FuseOpcode.Rmdir
                or FuseOpcode.Rename or FuseOpcode.Rename2 or FuseOpcode.Link or FuseOpcode.Symlink:
                return EROFS;
            default:
                // Extended attributes included: after one ENOSYS the kernel stops asking.
                return Errno.ENOSYS;
        }
    }

    static int Entry(int error, in FuseAttributes attributes, Span<byte> payload, out int length)
    {
        length = error == 0 ? Out(payload, new FuseEntryOut { NodeId = attributes.Inode, Attr = FuseEncoding.Attr(attributes) }) : 0;
        return error;
    }

    static int Attributes(int error, in FuseAttributes attributes, Span<byte> payload, out int length)
    {
        length = error == 0 ? Out(payload, new FuseAttrOut { Attr = FuseEncoding.Attr(attributes) }) : 0;
        return error;
    }

    int Open(FuseRequestContext ctx, ulong inode, FuseOpenIn open, Span<byte> payload, out int length)
    {
        length = 0;
        var error = fileSystem.Open(ctx, inode, (int)open.Flags, out var handle);
        if (error == 0)
        {
            openFiles.AddOrUpdate((inode, handle), 1, (_, n) => n + 1);
            length = Out(payload, new FuseOpenOut { FileHandle = handle, OpenFlags = FuseConst.OpenDirectIo | fileSystem.OpenOptions(inode, handle) });
        }
        return error;
    }

    int Read(FuseRequestContext ctx, ulong inode, FuseReadIn read, Span<byte> payload, out int length)
    {
        length = 0;
        var buffer = payload[..(int)Math.Min(read.Size, (uint)payload.Length)];
        var error = fileSystem.Read(ctx, inode, read.FileHandle, (long)read.Offset, buffer, out var count);
        if (error == 0)
        {
            length = count >= 0 && count <= buffer.Length
                ? count
                : throw new InvalidOperationException($"Read returned a count of {count} for {buffer.Length} bytes");
        }
        return error;
    }

    int Write(FuseRequestContext ctx, ulong inode, FuseReadIn write, ReadOnlySpan<byte> data, Span<byte> payload, out int length)
    {
        length = 0;
        data = data[..(int)Math.Min(write.Size, (uint)data.Length)];
        var error = fileSystem.Write(ctx, inode, write.FileHandle, (long)write.Offset, data, out var written);
        if (error == 0)
        {
            var size = written >= 0 && written <= data.Length
                ? (uint)written
                : throw new InvalidOperationException($"Write returned {written} for {data.Length} bytes");
            length = Out(payload, new FuseWriteOut { Size = size });
        }
        return error;
    }

    int Poll(FuseRequestContext ctx, ulong inode, FusePollIn poll, Span<byte> payload, out int length)
    {
        length = 0;
        var events = (short)poll.Events;
        var error = fileSystem.Poll(ctx, inode, poll.FileHandle, events, out var ready, out var watch);
        if (error != 0)
        {
            return error;
        }
        if ((poll.Flags & FuseConst.PollScheduleNotify) != 0 && (ready & events) == 0 && watch >= 0 && notifier is not null)
        {
            notifier.Watch(poll.Kh, poll.FileHandle, watch, events);
        }
        length = Out(payload, new FusePollOut { Revents = (ushort)ready });
        return 0;
    }

    void Closed((ulong Inode, ulong Handle) file)
    {
        while (openFiles.TryGetValue(file, out var n))
        {
            if (n <= 1 ? openFiles.TryRemove(new(file, n)) : openFiles.TryUpdate(file, n - 1, n))
            {
                return;
            }
        }
    }

    static int Out<T>(Span<byte> payload, in T value) where T : unmanaged
    {
        MemoryMarshal.Write(payload, in value);
        return Marshal.SizeOf<T>();
    }
}
