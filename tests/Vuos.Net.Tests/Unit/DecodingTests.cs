using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

public class DecodingTests
{
    [Theory]
    [InlineData(0x80001UL, "SOCK_STREAM|SOCK_CLOEXEC")]
    [InlineData(0x802UL, "SOCK_DGRAM|SOCK_NONBLOCK")]
    [InlineData(0x5UL, "SOCK_SEQPACKET")]
    public void SocketTypesPrintAsStraceDoes(ulong raw, string expected) => Assert.Equal(expected, FlagSets.SocketType.Format(raw));

    [Fact]
    public void UnknownBitsAreShownNotHidden() => Assert.Equal("SOCK_STREAM|0x100", FlagSets.SocketType.Format(0x101));

    [Fact]
    public void UnknownEnumValueIsMarked() => Assert.Contains("AF_???", FlagSets.AddressFamily.Format(250));

    [Fact]
    public void StringsAreEscapedLikeStrace()
    {
        byte[] bytes = [(byte)'a', (byte)'"', (byte)'\\', (byte)'\n', (byte)'\t', 0, 0x7f, (byte)'0', 1, (byte)'x'];
        Assert.Equal("\"a\\\"\\\\\\n\\t\\0\\1770\\1x\"...", StringQuoter.Quote(bytes, truncated: true));
    }

    [Fact]
    public void Inet6SockaddrIsDecoded()
    {
        var sa = new byte[28];
        sa[0] = 10;
        sa[2] = 0x1f;
        sa[3] = 0x90;
        sa[23] = 1;
        Assert.Equal("{sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}",
            Sockaddrs.Format(sa).ToString());
    }

    [Fact]
    public void AbstractUnixSockaddrIsMarkedWithAt()
    {
        byte[] sa = [1, 0, 0, (byte)'x', (byte)'y'];
        Assert.Equal("{sa_family=AF_UNIX, sun_path=@\"xy\"}", Sockaddrs.Format(sa).ToString());
    }

    [Theory]
    [InlineData(111, "= -1 ECONNREFUSED (Connection refused)")]
    [InlineData(512, "= ? ERESTARTSYS (To be restarted if SA_RESTART is set)")]
    public void ErrorsPrintAsStraceDoes(int errno, string expected) => Assert.Equal(expected, SyscallLog.FormatError(errno));

    [Fact]
    public void TableKnowsEveryAbiNumberOfSocket()
    {
        Assert.Equal("socket", SyscallTable.Lookup(0xC000003E, 41)?.Name);
        Assert.Equal("socket", SyscallTable.Lookup(0x40000003, 359)?.Name);
        Assert.Equal("socket", SyscallTable.Lookup(0xC000003E, 41 | 0x40000000)?.Name);
        Assert.Equal("msocket", SyscallTable.Lookup(0xC000003E, -5)?.Name);
    }
}
