using Gateway.Analysis;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace Gateway.Tests.Canary;

/// <summary>
/// The canary analysis over 1,000 simulated canaries each, judged as it runs: after every 25 canary answers, up to
/// 5,000 (200 looks each, as the analysis looks every half second). A canary no different from stable (A/A) is rolled
/// back at most 5 % of the time over its whole run; a canary 20 % slower, or failing 2 points more often (1 % → 3 %),
/// is rolled back within those 5,000 answers at least 95 % of the time. Stable has as many answers as the canary
/// (a 50 % canary; a smaller one has more stable answers, and is judged surer). Seeded, so the figures are the same on
/// every run; each test writes its figure to the test output (docs/measurements/canary-simulation.md).
/// </summary>
public sealed class CanarySimulationTests(ITestOutputHelper output)
{
    private const int Canaries = 1000;
    private const int Answers = 5000;
    private const int LookEvery = 25;

    private double RolledBackShare(double latencyFactor, double canaryErrorRate, int seed)
    {
        var random = new Random(seed);
        var options = new CanaryAnalysisOptions();
        var rolledBack = 0;
        long answersAtRollback = 0;
        for (var canary = 0; canary < Canaries; canary++)
        {
            var (stable, candidate) = (new Track(), new Track());
            for (var answer = 1; answer <= Answers; answer++)
            {
                stable.Add(Latency(random), random.NextDouble() < 0.01);
                candidate.Add(Latency(random) * latencyFactor, random.NextDouble() < canaryErrorRate);
                if (answer % LookEvery == 0 && CanaryAnalysis.FindRegression(stable.Counts(), candidate.Counts(), options) is not null)
                {
                    rolledBack++;
                    answersAtRollback += answer;
                    break;
                }
            }
        }

        var share = rolledBack / (double)Canaries;
        output.WriteLine(FormattableString.Invariant(
            $"latency x{latencyFactor}, error rate {canaryErrorRate:P0} (stable 1 %): {rolledBack} of {Canaries} canaries rolled back ({share:P1}), after {(rolledBack == 0 ? 0 : answersAtRollback / rolledBack)} canary answers on average"));
        return share;
    }

    // Latencies as ModelHost's look: log-normal around 10 ms, a long right tail.
    private static double Latency(Random random) => LogNormal.Sample(random, Math.Log(10), 0.5);

    [Fact]
    public void AaCanaries_RolledBackAtMostFivePercent() =>
        Assert.InRange(RolledBackShare(latencyFactor: 1, canaryErrorRate: 0.01, seed: 1), 0, 0.05);

    [Fact]
    public void TwentyPercentSlowerCanaries_RolledBackAtLeastNinetyFivePercent() =>
        Assert.InRange(RolledBackShare(latencyFactor: 1.2, canaryErrorRate: 0.01, seed: 2), 0.95, 1);

    [Fact]
    public void TwoPointsMoreErrors_RolledBackAtLeastNinetyFivePercent() =>
        Assert.InRange(RolledBackShare(latencyFactor: 1, canaryErrorRate: 0.03, seed: 3), 0.95, 1);

    // A track's run as the gateway counts it: answers, errors, latencies in the window's bins.
    private sealed class Track
    {
        private readonly Dictionary<int, long> _bins = [];
        private long _answered;
        private long _errors;

        public void Add(double milliseconds, bool failed)
        {
            var bin = TrackWindow.BinOf(TimeSpan.FromMilliseconds(milliseconds));
            _bins[bin] = _bins.GetValueOrDefault(bin) + 1;
            _answered++;
            _errors += failed ? 1 : 0;
        }

        public WindowCounts Counts() => new(_answered, _answered, _errors, new Dictionary<int, long>(_bins));
    }
}
