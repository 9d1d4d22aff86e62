using System.Diagnostics.Metrics;
using Gateway.Analysis;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Flags;

/// <summary>Publishes each model's configured and realised canary share as gauges (percent), read when metrics are collected.</summary>
internal sealed class CanaryShareGauges
{
    public CanaryShareGauges(GatewayMetrics metrics, IOptionsMonitor<GatewayOptions> options, CanaryFlags flags, TrackStatistics statistics)
    {
        metrics.Meter.CreateObservableGauge(GatewayMetrics.CanaryConfiguredShare,
            () => CanaryModels(options).Select(m => new Measurement<double>(flags.ConfiguredShare(m), new KeyValuePair<string, object?>("model", m))),
            "%", "The canary share each model's flag sets.");
        metrics.Meter.CreateObservableGauge(GatewayMetrics.CanaryRealisedShare,
            () => CanaryModels(options)
                .Select(m => (Model: m, Share: statistics.RealisedCanaryShare(m)))
                .Where(s => s.Share is not null)
                .Select(s => new Measurement<double>(s.Share!.Value, new KeyValuePair<string, object?>("model", s.Model))),
            "%", "The share of each model's calls the canary track took over the analysis window.");
    }

    private static IEnumerable<string> CanaryModels(IOptionsMonitor<GatewayOptions> options) =>
        options.CurrentValue.Models.Where(m => m.Value.CanaryCluster.Length > 0).Select(m => m.Key);
}
