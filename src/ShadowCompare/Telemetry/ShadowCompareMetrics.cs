using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Telemetry;

/// <summary>
/// ShadowCompare's own metrics on <c>/metrics</c>, for dashboards and alerts (deploy/prometheus, deploy/grafana): records
/// taken in, comparisons by outcome, compared rows by agreement, what the gateways dropped, the backlog, which
/// shadows are down, each candidate's release score as last computed, and each input feature's drift. Every configured model's and shadow's series start at zero, so a healthy system never shows
/// "no data".
/// </summary>
internal sealed class ShadowCompareMetrics
{
    public const string Received = "shadowcompare.records.received";
    public const string Comparisons = "shadowcompare.comparisons";
    public const string Rows = "shadowcompare.rows";
    public const string Dropped = "shadowcompare.gateway.dropped";
    public const string Pending = "shadowcompare.pending";
    public const string ShadowDown = "shadowcompare.shadow.down";
    public const string Score = "shadowcompare.release.score";
    public const string DriftPsi = "shadowcompare.drift.psi";
    public const string DriftKs = "shadowcompare.drift.ks";
    public const string Drifted = "shadowcompare.drift.drifted";

    // The reasons a gateway drops a record for (its DropReasons), whose series start at zero; others a batch names count as they come.
    private static readonly string[] GatewayDropReasons = ["queue_full", "send_timeout", "send_failed", "compare_busy", "not_json"];

    private readonly Counter<long> _received;
    private readonly Counter<long> _comparisons;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _dropped;
    private readonly ConcurrentDictionary<(string Model, string Shadow), Func<bool>> _breakers = new();
    private readonly ConcurrentDictionary<(string Model, string Candidate, string Baseline), double> _scores = new();
    private volatile IReadOnlyList<(string Model, Drift.DriftReport Report)> _drift = [];

    public ShadowCompareMetrics(IMeterFactory meters, ComparisonStore store, IOptions<ShadowCompareOptions> options)
    {
        var meter = meters.Create(ShadowCompareServiceCollectionExtensions.InstrumentationName);
        _received = meter.CreateCounter<long>(Received, "{record}", "Mirror records taken in, per model.");
        _comparisons = meter.CreateCounter<long>(Comparisons, "{comparison}", "Comparisons stored, per model, shadow and outcome: compared, or why not.");
        _rows = meter.CreateCounter<long>(Rows, "{row}", "Compared prediction rows, per model and shadow, by whether the answers agreed.");
        _dropped = meter.CreateCounter<long>(Dropped, "{record}", "Mirror records the gateways dropped before sending, as they report them, per model and reason.");
        meter.CreateObservableGauge(Pending, store.PendingCount, "{record}", "Mirror records waiting to be compared.");
        meter.CreateObservableGauge(ShadowDown, ObserveBreakers, "{shadow}", "1 while a shadow is left alone as down (its breaker is open), else 0.");
        meter.CreateObservableGauge(Score, ObserveScores, "{score}", "Each candidate's release score (0 to 100) against a baseline, as its last report or gate over all sources computed it.");
        meter.CreateObservableGauge(DriftPsi, () => ObserveDrift(f => f.Psi), "{index}",
            "Population stability index of each input feature's live values (the drift window) against the serving version's reference.");
        meter.CreateObservableGauge(DriftKs, () => ObserveDrift(f => f.Ks), "{distance}",
            "Kolmogorov-Smirnov distance of each numeric input feature's live values against the serving version's reference.");
        meter.CreateObservableGauge(Drifted, () => ObserveDrift(f => f.Drifted ? 1 : 0), "{feature}",
            "1 while an input feature is judged drifted from the serving version's reference (ShadowCompare:Drift), else 0.");

        foreach (var (model, settings) in options.Value.Models)
        {
            _received.Add(0, new TagList { { "model", model } });
            foreach (var reason in GatewayDropReasons)
            {
                _dropped.Add(0, new TagList { { "model", model }, { "reason", reason } });
            }

            foreach (var (shadow, _) in settings.Targets)
            {
                _breakers.TryAdd((model, shadow), static () => false);
                foreach (var outcome in FailureReasons.All.Prepend(ComparisonStatus.Compared.Name()))
                {
                    _comparisons.Add(0, new TagList { { "model", model }, { "shadow", shadow }, { "outcome", outcome } });
                }

                _rows.Add(0, new TagList { { "model", model }, { "shadow", shadow }, { "agreement", "agree" } });
                _rows.Add(0, new TagList { { "model", model }, { "shadow", shadow }, { "agreement", "disagree" } });
            }
        }
    }

    public void RecordReceived(IEnumerable<string> models)
    {
        foreach (var group in models.GroupBy(m => m, StringComparer.Ordinal))
        {
            _received.Add(group.LongCount(), new TagList { { "model", group.Key } });
        }
    }

    public void RecordDropped(string model, string reason, long count) =>
        _dropped.Add(count, new TagList { { "model", model }, { "reason", reason } });

    /// <summary>One stored comparison: its outcome, and each compared row's agreement as the report counts it.</summary>
    public void RecordComparison(ComparisonResult result)
    {
        _comparisons.Add(1, new TagList { { "model", result.Model }, { "shadow", result.Shadow }, { "outcome", result.Status == ComparisonStatus.Compared ? ComparisonStatus.Compared.Name() : result.Reason } });
        foreach (var row in result.Fields.GroupBy(f => f.Row))
        {
            _rows.Add(1, new TagList { { "model", result.Model }, { "shadow", result.Shadow }, { "agreement", ReportBuilder.RowAgrees([.. row]) ? "agree" : "disagree" } });
        }
    }

    /// <summary>Keeps a candidate's release score for <see cref="Score"/>.</summary>
    public void RecordScore(string model, string candidate, string baseline, double score) => _scores[(model, candidate, baseline)] = score;

    /// <summary>Replaces the drift figures the gauges show with the latest measurement.</summary>
    public void RecordDrift(IReadOnlyList<(string Model, Drift.DriftReport Report)> measured) => _drift = measured;

    /// <summary>Follows a shadow's breaker for <see cref="ShadowDown"/>.</summary>
    public void TrackBreaker(string model, string shadow, Func<bool> isOpen) => _breakers[(model, shadow)] = isOpen;

    private IEnumerable<Measurement<double>> ObserveScores() =>
        _scores.Select(s => new Measurement<double>(s.Value, new TagList { { "model", s.Key.Model }, { "candidate", s.Key.Candidate }, { "baseline", s.Key.Baseline } }));

    private IEnumerable<Measurement<double>> ObserveDrift(Func<Drift.FeatureDrift, double?> figure) =>
        from measured in _drift
        from feature in measured.Report.Features
        let value = figure(feature)
        where value is not null
        select new Measurement<double>(value.Value, new TagList { { "model", measured.Model }, { "version", measured.Report.Version }, { "feature", feature.Feature } });

    private IEnumerable<Measurement<int>> ObserveBreakers() =>
        _breakers.Select(b => new Measurement<int>(b.Value() ? 1 : 0, new TagList { { "model", b.Key.Model }, { "shadow", b.Key.Shadow } }));
}
