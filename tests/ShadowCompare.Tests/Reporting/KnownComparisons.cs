using System.Globalization;
using ShadowCompare.Comparison;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

/// <summary>Comparisons with known numbers: row i has primary probability p_i and shadow q_i, labels from them at 0.5, latencies known.</summary>
internal static class KnownComparisons
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static (double Primary, double Shadow)[] Probabilities(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (Primary: (i % 100) / 100.0, Shadow: Math.Clamp(((i % 100) / 100.0) + ((i % 7) - 3) * 0.02, 0, 1)))];

    public static List<ComparisonResult> Build(int count, string candidate = "2.0.0", string source = "live", string input = """{"instances":[{"x":1}]}""")
    {
        var options = new ComparisonOptions();
        return [.. Probabilities(count).Select((p, i) =>
        {
            var primary = Answer(p.Primary);
            var shadow = Answer(p.Shadow);
            var (fields, _) = OutputComparer.Compare(primary, shadow, options);
            return new ComparisonResult
            {
                Model = "churn", Source = source, RequestId = $"r{i}", Time = Start.AddSeconds(i), Input = input,
                PrimaryVersion = "1.0.0", PrimaryOutput = primary, PrimaryLatencyMilliseconds = 1 + (i % 10),
                Shadow = "next", ShadowVersion = candidate, ShadowOutput = shadow, ShadowLatencyMilliseconds = 2 + (i % 10),
                Status = ComparisonStatus.Compared, Fields = fields!,
            };
        })];
    }

    private static string Answer(double probability) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"predictions":[{"churn":{{(probability >= 0.5 ? "true" : "false")}},"probability":{{probability}}}]}""");
}
