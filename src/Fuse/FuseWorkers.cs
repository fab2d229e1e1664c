using System.Diagnostics;
using Serilog;

namespace Vuos.Net.Fuse;

/// <summary>
/// The threads that read /dev/fuse. A handler may block (a connect waiting for TCP), and a worker blocked in
/// a handler cannot read the FUSE_INTERRUPT that would release it: so, as libfuse does, when the last idle
/// worker takes a request another is started, and a worker finding more than enough idle ones exits.
/// </summary>
sealed class FuseWorkers(FuseDevice device, FuseDispatcher dispatcher, int idleWorkers, string name, ILogger log)
{
    const int MaxWorkers = 256;

    readonly object gate = new();
    readonly List<Thread> threads = [];
    int idle;

    public void Start()
    {
        lock (gate)
        {
            for (var i = 0; i < Math.Max(1, idleWorkers); i++)
            {
                StartOne();
            }
        }
    }

    /// <summary>Waits for every worker to end (after <see cref="FuseDevice.Stop"/>); false if some are still busy.</summary>
    public bool Join(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Thread[] running;
            lock (gate)
            {
                running = [.. threads];
            }
            if (running.Length == 0)
            {
                return true;
            }
            foreach (var thread in running)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || !thread.Join(left))
                {
                    return false;
                }
            }
        }
    }

    void StartOne()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        try
        {
            thread.Start();
        }
        catch (Exception e)
        {
            // The workers already running go on serving; a blocked handler just waits longer for help.
            log.Error(e, "fuse: cannot start another worker");
            return;
        }
        threads.Add(thread);
        idle++;
    }

    void Loop()
    {
        var request = GC.AllocateUninitializedArray<byte>(FuseDispatcher.RequestBufferSize);
        var reply = GC.AllocateUninitializedArray<byte>(FuseDispatcher.ReplyBufferSize);
        try
        {
            int length;
            while ((length = device.Read(request)) > 0)
            {
                lock (gate)
                {
                    idle--;
                    if (idle == 0 && threads.Count < MaxWorkers)
                    {
                        StartOne();
                    }
                }
                try
                {
                    dispatcher.Handle(request.AsSpan(0, length), reply, device);
                }
                catch (Exception e)
                {
                    log.Error(e, "fuse: a request could not be handled");
                }
                lock (gate)
                {
                    if (idle >= idleWorkers)
                    {
                        threads.Remove(Thread.CurrentThread);
                        return;
                    }
                    idle++;
                }
            }
        }
        catch (Exception e)
        {
            log.Error(e, "fuse: worker stopped");
        }
        lock (gate)
        {
            idle--;
            threads.Remove(Thread.CurrentThread);
        }
    }
}
