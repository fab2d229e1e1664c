using System.Net;
using System.Net.Sockets;
using System.Text;
using Vuos.Net.Msocket;

// Two stacks in one .NET program: an echo server in the loopback stack and one on the host, on the same
// port, and a client of each. Run: scripts/vuos run -- dotnet msocket-demo.dll [PORT]
if (!MultiStackSocket.IsSupervised)
{
    Console.Error.WriteLine("msocket-demo: run me under a Vuos.Net supervisor: scripts/vuos run -- dotnet msocket-demo.dll");
    return 1;
}
var port = args.Length > 0 ? int.Parse(args[0]) : 41000;
foreach (var stack in new[] { "/dev/net/lo", "/dev/net/host" })
{
    using var server = MultiStackSocket.Create(stack, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    server.Bind(new IPEndPoint(IPAddress.Loopback, port));
    server.Listen();
    using var client = MultiStackSocket.Create(stack, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    client.Connect(new IPEndPoint(IPAddress.Loopback, port));
    using var accepted = server.Accept();
    client.Send(Encoding.UTF8.GetBytes($"hello {stack}"));
    var buffer = new byte[64];
    var n = accepted.Receive(buffer);
    Console.WriteLine($"{stack}: {Encoding.UTF8.GetString(buffer, 0, n)}");
}
MultiStackSocket.SetDefault("/dev/net/lo", AddressFamily.InterNetwork);
using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
try
{
    plain.Connect(new IPEndPoint(IPAddress.Parse("10.0.2.2"), 80));
}
catch (SocketException e)
{
    Console.WriteLine($"default is now the loopback stack: {e.SocketErrorCode}");
}
return 0;
