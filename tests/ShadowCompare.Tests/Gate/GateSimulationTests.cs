using MathNet.Numerics.Distributions;
using ReleaseStatistics;
using ShadowCompare.Gate;
using Xunit.Abstractions;

namespace ShadowCompare.Tests.Gate;

/// <summary>
/// The gate over 1,000 simulated candidates each, at the sample size the docs state (1,000 comparisons): a candidate
/// no different from the primary (A/A) fails at most 5 % of the time; a 20 % latency regression, or failures 2 points
/// above a healthy rate, fail at least 95 % of the time. Seeded, so the figures are the same on every run; each test
/// writes its figure to the test output (docs/measurements/gate-simulation.md says how to see it).
/// </summary>
public sealed class GateSimulationTests(ITestOutputHelper output)
{
    private const int Gates = 1000;
    private const int Comparisons = 1000;

    // Latencies as ModelHost's look: log-normal around 10 ms, a long right tail.
    private static double Latency(Random random) => LogNormal.Sample(random, Math.Log(10), 0.5);

    private double FailureShare(double latencyFactor, double failureRate, int seed)
    {
        var random = new Random(seed);
        var failed = 0;
        for (var gate = 0; gate < Gates; gate++)
        {
            var primary = Enumerable.Range(0, Comparisons).Select(_ => Latency(random)).ToList();
            var candidate = Enumerable.Range(0, Comparisons).Select(_ => Latency(random) * latencyFactor).ToList();
            var agreeing = Enumerable.Range(0, Comparisons).Count(_ => random.NextDouble() < 0.995);
            var failures = Enumerable.Range(0, Comparisons).Count(_ => random.NextDouble() < failureRate);
            var evidence = new GateEvidence(Comparisons, agreeing / (double)Comparisons, "agreement", Quantile(candidate, 0.99) / Quantile(primary, 0.99),
                Comparisons - failures, failures, RankTest.Compare(primary, candidate), Quantile(candidate, 0.5) / Quantile(primary, 0.5));
            failed += GatePolicy.Evaluate("candidate", evidence, new GateThresholds()).Passed ? 0 : 1;
        }

        var share = failed / (double)Gates;
        output.WriteLine(FormattableString.Invariant($"latency x{latencyFactor}, failure rate {failureRate}: {failed} of {Gates} candidates fail the gate ({share:P1})"));
        return share;
    }

    private static double Quantile(List<double> values, double q) => MathNet.Numerics.Statistics.Statistics.Quantile(values, q);

    [Fact]
    public void AaCandidates_FailAtMostFivePercent() =>
        Assert.InRange(FailureShare(latencyFactor: 1, failureRate: 0.001, seed: 1), 0, 0.05);

    [Fact]
    public void TwentyPercentSlowerCandidates_FailAtLeastNinetyFivePercent() =>
        Assert.InRange(FailureShare(latencyFactor: 1.2, failureRate: 0.001, seed: 2), 0.95, 1);

    [Fact]
    public void TwoPointsMoreFailures_FailAtLeastNinetyFivePercent() =>
        Assert.InRange(FailureShare(latencyFactor: 1, failureRate: 0.021, seed: 3), 0.95, 1);
}
