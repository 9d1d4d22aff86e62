using System.Text.Json.Nodes;
using Gateway.Flags;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Canary;

public sealed class FlagsDocumentTests
{
    private static IConfigurationRoot Load(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void ShippedFlagsFile_IsValid_CanaryAtTenPercentShadowSampleAtFifty()
    {
        var flags = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "Gateway", "flags.json")).Build();
        Assert.Empty(FlagsDocument.Validate(flags));
        Assert.Equal(10, FlagsDocument.ReadShares(flags)["churn"]);
        Assert.Equal(50, FlagsDocument.ReadSamples(flags)["churn"]);
    }

    [Fact]
    public void SetShare_ThenRead_RoundTrips_AndKeepsOtherFlags()
    {
        var document = JsonNode.Parse("""{"feature_management":{"feature_flags":[{"id":"other","enabled":true}]}}""")!.AsObject();
        FlagsDocument.SetShare(document, "churn", 12.5);
        FlagsDocument.SetShare(document, "churn", 25);
        var flags = Load(document.ToJsonString());
        Assert.Empty(FlagsDocument.Validate(flags));
        Assert.Equal(25, FlagsDocument.ReadShares(flags)["churn"]);
        Assert.Equal(2, document["feature_management"]!["feature_flags"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"variant":"canary","from":0,"to":150}""", "from <= to <= 100")]
    [InlineData("""{"variant":"canary","from":30,"to":20}""", "from <= to <= 100")]
    [InlineData("""{"variant":"canary","from":"a","to":20}""", "from <= to <= 100")]
    [InlineData("""{"variant":"blue","from":0,"to":20}""", "variant 'blue'")]
    public void Validate_BadPercentile_NamesTheProblem(string range, string expected)
    {
        const string Template = """{"feature_management":{"feature_flags":[{"id":"churn.canary","enabled":true,"variants":[{"name":"stable"},{"name":"canary"}],"allocation":{"percentile":[RANGE]}}]}}""";
        var flags = Load(Template.Replace("RANGE", range, StringComparison.Ordinal));
        Assert.Contains(FlagsDocument.Validate(flags), e => e.Contains(expected, StringComparison.Ordinal) && e.Contains("churn.canary", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadShares_DisabledFlag_IsZero()
    {
        var flags = Load(GatewayServer.FlagsJson(40).Replace("\"enabled\":true", "\"enabled\":false", StringComparison.Ordinal));
        Assert.Equal(0, FlagsDocument.ReadShares(flags)["churn"]);
    }

    [Fact]
    public void Validate_PercentageFilterOutOfRange_NamesIt()
    {
        var flags = Load(GatewayServer.FlagsJson(0, shadowSample: 150));
        Assert.Contains(FlagsDocument.Validate(flags), e => e.Contains("churn.shadow", StringComparison.Ordinal) && e.Contains("Microsoft.Percentage", StringComparison.Ordinal));
    }
}
