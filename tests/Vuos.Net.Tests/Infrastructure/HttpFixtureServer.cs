using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>A minimal HTTP/1.0 server on 127.0.0.1 in the test process, answering every request with a fixed body.</summary>
sealed class HttpFixtureServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();

    public HttpFixtureServer(string body)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        var request = new StringBuilder();
                        while (!request.ToString().Contains("\r\n\r\n"))
                        {
                            var n = await stream.ReadAsync(buffer);
                            if (n == 0)
                            {
                                return;
                            }
                            request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                        }
                        Requests++;
                        var bytes = Encoding.UTF8.GetBytes(body);
                        var head = $"HTTP/1.0 200 OK\r\nContent-Length: {bytes.Length}\r\nContent-Type: text/plain\r\n\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                        await stream.WriteAsync(bytes);
                    }
                });
            }
        });
    }

    public int Port { get; }

    public int Requests { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
