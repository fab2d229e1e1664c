using System.Net.Sockets;

namespace Vuos.Net.Interop;

/// <summary>
/// A control socket's server: one background thread accepts on a listening unix socket and hands each
/// connection, one at a time, to a handler, with 5 s receive and send timeouts (a peer that stalls cannot hold
/// the socket), then closes it. A <see cref="SocketException"/> of one connection goes to
/// <c>connectionFailed</c> and the next connection is served; so does an accept that failed for want of
/// descriptors or memory, after a short pause; any other accept failure is reported and ends the server. Disposing deletes the socket file, so no new
/// asker finds it, then closes the listener and waits for the thread.
/// </summary>
public sealed class UnixSocketServer : IDisposable
{
    const int PeerTimeoutMs = 5000;

    /// <summary>The pause after an accept that failed for want of resources, so a full descriptor table does not spin the thread.</summary>
    const int AcceptRetryMs = 100;

    readonly Socket listener;
    readonly string path;
    readonly Action<Socket> serve;
    readonly Action<SocketException> connectionFailed;
    readonly Thread thread;
    volatile bool stopping;

    /// <param name="listener">Bound to <paramref name="path"/> and listening; the server owns it from now on.</param>
    /// <param name="threadName">The accepting thread's name, as debuggers and /proc show it.</param>
    public UnixSocketServer(Socket listener, string path, string threadName, Action<Socket> serve, Action<SocketException> connectionFailed)
    {
        this.listener = listener;
        this.path = path;
        this.serve = serve;
        this.connectionFailed = connectionFailed;
        thread = new Thread(Accept) { IsBackground = true, Name = threadName };
        thread.Start();
    }

    void Accept()
    {
        while (!stopping)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (ObjectDisposedException)
            {
                return; // the listener was closed: the server is being disposed
            }
            catch (SocketException) when (stopping)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable
                or SocketError.ConnectionAborted or SocketError.Interrupted)
            {
                // Out of descriptors or memory for a moment, or an asker gone before its turn: the listener is
                // fine, and askers would hang in its backlog if the server stopped. Said, then tried again shortly.
                connectionFailed(e);
                Thread.Sleep(AcceptRetryMs);
                continue;
            }
            catch (SocketException e)
            {
                connectionFailed(e);
                return;
            }
            using (client)
            {
                try
                {
                    client.ReceiveTimeout = PeerTimeoutMs;
                    client.SendTimeout = PeerTimeoutMs;
                    serve(client);
                }
                catch (SocketException e)
                {
                    connectionFailed(e);
                }
            }
        }
    }

    public void Dispose()
    {
        stopping = true;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        listener.Dispose();
        thread.Join(TimeSpan.FromSeconds(5));
    }
}
