using System.Net;
using Gateway.Analysis;
using Gateway.Assignment;

namespace Gateway.Tests.Canary;

public sealed class CanarySplitTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Admin();

    [Fact]
    public async Task Assign_RampOverTenThousandCallers_ShareOnSetPointAndCanaryOnlyGrows()
    {
        var assigner = fixture.Gateway.Service<TrackAssigner>();
        var callers = Enumerable.Range(0, 10_000).Select(i => $"user:customer-{i}").ToList();
        var previous = new HashSet<string>();
        foreach (var percent in new[] { 5.0, 10, 25, 50, 100 })
        {
            await _gateway.SetCanaryAsync(percent);
            var canary = new HashSet<string>();
            foreach (var caller in callers)
            {
                if (await assigner.AssignAsync("churn", caller, CancellationToken.None) == Track.Canary)
                {
                    canary.Add(caller);
                }
            }

            Assert.InRange(100.0 * canary.Count / callers.Count, percent - 1.5, percent + 1.5);
            Assert.Subset(canary, previous);
            previous = canary;
        }

        await _gateway.SetCanaryAsync(0);
    }

    [Fact]
    public async Task Predict_SameUserTwice_SameTrackAsAssigned()
    {
        await _gateway.SetCanaryAsync(50);
        var assigner = fixture.Gateway.Service<TrackAssigner>();
        var versions = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            var user = $"sticky-{i}";
            var expected = await assigner.AssignAsync("churn", "key:tests:user:" + user, CancellationToken.None) == Track.Canary ? CanaryFixture.CanaryVersion : CanaryFixture.StableVersion;
            for (var repeat = 0; repeat < 2; repeat++)
            {
                Assert.Equal(expected, await PredictVersionAsync(("X-Api-Key", GatewayServer.TrustedApiKey), ("X-User-Id", user)));
            }

            versions.Add(expected);
        }

        Assert.Equal(2, versions.Count);
        await _gateway.SetCanaryAsync(0);
    }

    [Fact]
    public async Task Predict_NoCallerIdFromSharedAddress_TrafficStillSplits()
    {
        await _gateway.SetCanaryAsync(50);
        var canary = 0;
        for (var i = 0; i < 400; i++)
        {
            canary += await PredictVersionAsync() == CanaryFixture.CanaryVersion ? 1 : 0;
        }

        // Binomial(400, 0.5): 5 standard deviations either side.
        Assert.InRange(canary, 150, 250);
        await _gateway.SetCanaryAsync(0);
    }

    [Fact]
    public async Task Predict_OverrideHeader_HonouredOnlyForListedCallers()
    {
        await _gateway.SetCanaryAsync(0);
        Assert.Equal(CanaryFixture.CanaryVersion, await PredictVersionAsync(("X-Api-Key", CanaryFixture.TesterKey), ("X-Canary", "always")));
        Assert.Equal(CanaryFixture.StableVersion, await PredictVersionAsync(("X-Api-Key", CanaryFixture.PlainKey), ("X-Canary", "always")));
        Assert.Equal(CanaryFixture.StableVersion, await PredictVersionAsync(("X-Canary", "always")));

        await _gateway.SetCanaryAsync(100);
        Assert.Equal(CanaryFixture.StableVersion, await PredictVersionAsync(("X-Api-Key", CanaryFixture.TesterKey), ("X-Canary", "never")));
        Assert.Equal(CanaryFixture.CanaryVersion, await PredictVersionAsync(("X-Api-Key", CanaryFixture.PlainKey), ("X-Canary", "never")));
        await _gateway.SetCanaryAsync(0);
    }

    [Fact]
    public async Task AdminModels_AfterTraffic_ShowsConfiguredAndRealisedShareAndTrackVersions()
    {
        // The stable window is shared with the class's other tests: start it afresh so it holds this test's calls only.
        // The canary's starts afresh when its share rises from 0 %: a forced call at 0 % is forgotten then.
        fixture.Gateway.Service<TrackStatistics>().For("churn", Track.Stable).Reset();
        await _gateway.SetCanaryAsync(0);
        await PredictVersionAsync(("X-Api-Key", CanaryFixture.TesterKey), ("X-Canary", "always"));
        await _gateway.SetCanaryAsync(25);
        var canary = 0;
        for (var i = 0; i < 200; i++)
        {
            canary += await PredictVersionAsync(("X-Api-Key", GatewayServer.TrustedApiKey), ("X-User-Id", $"share-{i}")) == CanaryFixture.CanaryVersion ? 1 : 0;
        }

        var status = await _gateway.ModelStatusAsync();
        Assert.Equal(25, (double)status["canary"]!["configured_percent"]!);
        Assert.InRange(canary, 20, 80);
        Assert.Equal(100.0 * canary / 200, (double)status["canary"]!["realised_percent"]!, precision: 6);
        Assert.Equal(canary, (long)status["tracks"]!["canary"]!["requests"]!);
        Assert.Equal(200 - canary, (long)status["tracks"]!["stable"]!["requests"]!);
        Assert.Equal(CanaryFixture.CanaryVersion, (string?)status["tracks"]!["canary"]!["model_version"]);
        Assert.Equal(1, (int)status["tracks"]!["canary"]!["healthy_backends"]!);
        await _gateway.SetCanaryAsync(0);
    }

    private async Task<string> PredictVersionAsync(params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(3, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await fixture.Gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Model-Version").Single();
    }
}
