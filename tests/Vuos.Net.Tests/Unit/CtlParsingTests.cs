using Vuos.Net.Interop;
using Vuos.Net.Modules.Netfs;

namespace Vuos.Net.Tests.Unit;

/// <summary>ctl writes are split as PatchworkOS's argsplit splits them, and `&amp;&amp;` separates only as a word of its own.</summary>
public class CtlParsingTests
{
    [Theory]
    [InlineData("bind x && listen", "bind x|listen")]
    [InlineData("bind e1&&listen", "bind e1&&listen")]
    [InlineData("bind \"a b\" && listen 5", "bind a b|listen 5")]
    [InlineData("bind a\"b c\"", "bind a b c")]
    [InlineData("bind \"&&\" listen", "bind|listen")]
    [InlineData("bind a\\ b", "bind a b")]
    [InlineData("bind a\\\\b", "bind a\\b")]
    [InlineData("bind \"\" x", "bind x")]
    [InlineData("  listen\t128\n", "listen 128")]
    public void AWriteIsSplitAsArgsplitDoes(string write, string expected)
    {
        // Commands separated by |, words by spaces (a word's own space shown as is).
        var commands = CtlCommand.Parse(write);
        Assert.Equal(expected, string.Join("|", commands.Select(c => string.Join(" ", [c.Name, .. c.Arguments]))));
    }

    [Theory]
    [InlineData("", Errno.EINVAL)]
    [InlineData(" \n", Errno.ENOENT)]
    [InlineData("&& listen", Errno.EINVAL)]
    [InlineData("listen &&", Errno.EINVAL)]
    [InlineData("bind \"open", Errno.E2BIG)]
    [InlineData("bind x\\", Errno.E2BIG)]
    public void BadWritesFailWithPatchworkOsErrno(string write, int errno)
    {
        var e = Assert.Throws<ErrnoException>(() => CtlCommand.Parse(write));
        Assert.Equal(errno, e.Errno);
    }

    [Fact]
    public void AWriteOverPatchworkOsMaxPathIsTooBig() =>
        Assert.Equal(Errno.E2BIG, Assert.Throws<ErrnoException>(() => CtlCommand.Parse("bind " + new string('x', 4100))).Errno);
}
