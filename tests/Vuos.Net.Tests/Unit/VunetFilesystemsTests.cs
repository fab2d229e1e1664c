using Vuos.Net.Modules.VuosCalls;
using Vuos.Net.Stacks;

namespace Vuos.Net.Tests.Unit;

/// <summary>mount(2)'s vunet types become the stacks `--stack` makes, with VUOS's names and mount(8)'s words ignored.</summary>
public class VunetFilesystemsTests
{
    [Theory]
    [InlineData("vunetvdestack", "vde:///tmp/sw", "default", StackKind.Vde, "vde:///tmp/sw", "vde0")]
    [InlineData("vunetvdestack", "/tmp/sw", "ip=10.0.0.1/24,rw,nosuid", StackKind.Vde, "/tmp/sw", "vde0")]
    [InlineData("vunetvdestack", "vxvde://239.1.2.3", "", StackKind.Vde, "vxvde://239.1.2.3", "vde0")]
    [InlineData("vunettap", "tap7", "mtu=1400", StackKind.Tap, "tap7", "eth0")]
    [InlineData("vunetloopback", "none", "defaults", StackKind.Loopback, "", "eth0")]
    [InlineData("vunetreal", "", "", StackKind.Host, "", "eth0")]
    [InlineData("vunetslirp", "none", "hostfwd=tcp:8080:80,mtu=1400", StackKind.Slirp, "", "eth0")]
    public void VunetTypesAreStacks(string type, string source, string data, StackKind kind, string target, string link)
    {
        var spec = VunetFilesystems.Spec(type, source, data)!;
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(target, spec.Target);
        Assert.Equal(link, spec.LinkName);
    }

    [Theory]
    [InlineData("vunetvdestack", "", "")]
    [InlineData("vunetvdestack", "vde:///tmp/sw", "bogus=1")]
    [InlineData("vunetloopback", "none", "ip=10.0.0.1/24")]
    [InlineData("vunetslirp", "none", "mtu=abc")]
    [InlineData("vunettap", "", "")]
    public void BadSourcesAndOptionsAreRefused(string type, string source, string data) =>
        Assert.Throws<FormatException>(() => VunetFilesystems.Spec(type, source, data));

    [Fact]
    public void OtherTypesAreNotStacks() => Assert.Null(VunetFilesystems.Spec("vunetlwip", "", ""));

    [Fact]
    public void ModulesListAndUnloadAsVuosDoes()
    {
        var modules = BuiltInModules.ForSession(netfs: false);
        Assert.Equal(0, modules.Insert("vunet"));
        Assert.Equal(2, modules.Insert("vufuse"));
        Assert.StartsWith("vunet: vu virtual networking\nmsocket: ", modules.Listing());
        Assert.DoesNotContain("netfs", modules.Listing());
        Assert.Equal(0, modules.Remove("vunet"));
        Assert.False(modules.IsLoaded("vunet"));
        Assert.Equal(2, modules.Remove("vunet"));
        Assert.Equal(0, modules.Insert("vunet"));
        Assert.True(modules.IsLoaded("vunet"));
    }
}
