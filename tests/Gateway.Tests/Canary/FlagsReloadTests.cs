using Gateway.Assignment;
using Gateway.Flags;
using Gateway.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Canary;

public sealed class FlagsReloadTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    [Fact]
    public async Task FlagsFile_EditedByHand_TakesEffectWithoutRestart()
    {
        var flags = fixture.Gateway.Service<CanaryFlags>();
        await File.WriteAllTextAsync(flags.SeedPath, GatewayServer.FlagsJson(70));
        await Readiness.UntilAsync(() => Task.FromResult(flags.Share("churn") == 70), TimeSpan.FromSeconds(5), "the edited flags to take effect");
        await fixture.Gateway.Admin().SetCanaryAsync(0);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"churn.canary","enabled":true,"variants":[{"name":"stable"},{"name":"canary"}],"allocation":{"percentile":[{"variant":"canary","from":0,"to":500}]}}]}}""")]
    [InlineData("""{"feature_management":{"feature_flags":[{"enabled":"maybe"}]}}""")]
    public async Task FlagsFile_ReplacedWithInvalidContent_LastGoodFlagsStayAndRejectionCounted(string content)
    {
        await fixture.Gateway.Admin().SetCanaryAsync(100);
        var flags = fixture.Gateway.Service<CanaryFlags>();
        using var rejected = new MetricCollector<long>(fixture.Gateway.Service<GatewayMetrics>().Meter, GatewayMetrics.FlagsRejected);

        await File.WriteAllTextAsync(flags.SeedPath, content);
        await Readiness.UntilAsync(() => Task.FromResult(rejected.GetMeasurementSnapshot().Count > 0), TimeSpan.FromSeconds(5), "the bad reload to be refused");

        Assert.Equal(100, flags.Share("churn"));
        Assert.Equal(Track.Canary, await fixture.Gateway.Service<TrackAssigner>().AssignAsync("churn", "user:any", CancellationToken.None));

        // The next change through the API repairs the file from the flags in force.
        await fixture.Gateway.Admin().SetCanaryAsync(0);
        Assert.Equal(0, FlagsDocument.ReadShares(Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonFile(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), flags.SeedPath).Build())["churn"]);
    }
}
