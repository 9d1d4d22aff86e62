using ModelHost.Store;

namespace ModelHost.Tests.Store;

public sealed class ModelVersionTests
{
    [Fact]
    public void Resolve_Latest_PicksHighestBySemverPrecedenceNotText()
    {
        Assert.Equal("1.10.0", ModelVersion.Resolve("latest", ["1.9.0", "1.10.0", "1.2.0"]));
    }

    [Fact]
    public void Resolve_Latest_SkipsPreReleases()
    {
        Assert.Equal("1.1.0", ModelVersion.Resolve("latest", ["1.0.0", "1.1.0", "2.0.0-rc.1"]));
    }

    [Fact]
    public void Resolve_NamedPreRelease_ReturnsIt()
    {
        Assert.Equal("2.0.0-rc.1", ModelVersion.Resolve("2.0.0-rc.1", ["1.0.0", "2.0.0-rc.1"]));
    }

    [Fact]
    public void Resolve_OnlyPreReleases_ReturnsNullForLatest()
    {
        Assert.Null(ModelVersion.Resolve("latest", ["2.0.0-rc.1"]));
    }

    [Fact]
    public void Resolve_NamedMissing_ReturnsNull()
    {
        Assert.Null(ModelVersion.Resolve("3.0.0", ["1.0.0"]));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("1.2.3", true)]
    [InlineData("2.0.0-rc.1", true)]
    [InlineData("1.2", false)]
    [InlineData("../1.0.0", false)]
    [InlineData("", false)]
    public void IsValidRequest_Text_AcceptsSemverOrLatest(string text, bool valid)
    {
        Assert.Equal(valid, ModelVersion.IsValidRequest(text));
    }
}
