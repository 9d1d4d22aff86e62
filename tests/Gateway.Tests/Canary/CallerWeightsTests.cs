using Gateway.Analysis;
using Gateway.Assignment;
using Gateway.Flags;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Canary;

/// <summary>One caller's weight in the analysis: one call per window, and a capped number per run however long it lasts.</summary>
public sealed class CallerWeightsTests
{
    private static CallerWeights Weights(FakeTimeProvider time) => new(
        new StaticOptions(new GatewayOptions { Canary = new CanaryOptions { Analysis = new CanaryAnalysisOptions { WindowSeconds = 60, MaxCallsPerCaller = 1, MaxCallsPerCallerPerRun = 3 } } }),
        new CallerKeys(), time);

    [Fact]
    public void ACallerOnceAWindowForHours_CountsInTheRunOnlyUpToItsCap()
    {
        var time = new FakeTimeProvider();
        var weights = Weights(time);
        var counted = new List<(bool Window, bool Run)>();
        for (var minute = 0; minute < 60; minute++)
        {
            counted.Add(weights.Counts("churn", "sticky", run: 1));
            Assert.Equal((false, false), weights.Counts("churn", "sticky", run: 1));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(counted, c => Assert.True(c.Window));
        Assert.Equal(3, counted.Count(c => c.Run));

        // A new run (the canary raised again) starts the caller's count afresh; another caller has its own.
        Assert.Equal((true, true), weights.Counts("churn", "sticky", run: 2));
        Assert.Equal((true, true), weights.Counts("churn", "someone-else", run: 1));
    }

    private sealed class StaticOptions(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => value;

        public GatewayOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
