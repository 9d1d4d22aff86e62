using System.Text.RegularExpressions;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Telemetry;

/// <summary>A healthy ShadowCompare that has seen no traffic shows every configured series at zero, so no panel says "No data".</summary>
public sealed partial class MetricSeriesTests
{
    [Fact]
    public async Task FreshService_EveryConfiguredSeries_StartsAtZero()
    {
        // A model and shadow no other test names: the exporter sums a series over every ShadowCompare in this process.
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:Models:quiet:Shadows:idle:Url", "http://127.0.0.1:9/"));
        var metrics = (await compare.Client.GetStringAsync("/metrics")).Split('\n');

        string[] expected =
        [
            .. new[] { "compared" }.Concat(FailureReasons.All).Select(o => $"shadowcompare_comparisons_total{{model=\"quiet\",outcome=\"{o}\",shadow=\"idle\"}}"),
            .. new[] { "queue_full", "send_timeout", "send_failed", "compare_busy", "not_json" }
                .Select(r => $"shadowcompare_gateway_dropped_total{{model=\"quiet\",reason=\"{r}\"}}"),
            "shadowcompare_rows_total{agreement=\"agree\",model=\"quiet\",shadow=\"idle\"}",
            "shadowcompare_rows_total{agreement=\"disagree\",model=\"quiet\",shadow=\"idle\"}",
            "shadowcompare_records_received_total{model=\"quiet\"}",
            "shadowcompare_shadow_down{model=\"quiet\",shadow=\"idle\"}",
        ];
        foreach (var series in expected)
        {
            Assert.Contains(metrics, l => Labels().Replace(l, "").StartsWith(series + " 0", StringComparison.Ordinal));
        }
    }

    // The exporter may add labels of its own (otel_scope_name…): compare without them.
    [GeneratedRegex(@"otel_scope_[a-z_]+=""[^""]*"",?")]
    private static partial Regex Labels();
}
