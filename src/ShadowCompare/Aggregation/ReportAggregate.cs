using System.Text.Json;
using System.Text.Json.Serialization;
using ShadowCompare.Comparison;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Aggregation;

/// <summary>
/// Everything a report needs of a set of comparisons, kept as counts, sums and bins, so it does not grow with them:
/// outcomes, rows and their agreement, each field (<see cref="FieldAggregate"/>), latencies in <see cref="LogBins"/>,
/// rows per minute for the over-time chart, and the <see cref="Kept"/> worst rows. Aggregates add up: the store keeps
/// one per model, shadow, versions, source, run and day, and a report adds the days it covers.
/// </summary>
internal sealed class ReportAggregate
{
    /// <summary>How many of the worst rows are kept.</summary>
    public const int Kept = 10;

    [JsonPropertyName("comparisons")] public long Comparisons { get; set; }

    [JsonPropertyName("compared")] public long Compared { get; set; }

    [JsonPropertyName("failed")] public Dictionary<string, long> Failed { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("rows")] public long Rows { get; set; }

    [JsonPropertyName("agreeing_rows")] public long AgreeingRows { get; set; }

    /// <summary>By kind and field (<see cref="FieldKey"/>).</summary>
    [JsonPropertyName("fields")] public Dictionary<string, FieldAggregate> Fields { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("primary_latency")] public Dictionary<int, long> PrimaryLatency { get; set; } = [];

    [JsonPropertyName("shadow_latency")] public Dictionary<int, long> ShadowLatency { get; set; } = [];

    [JsonPropertyName("max_primary_latency")] public double MaxPrimaryLatency { get; set; }

    [JsonPropertyName("max_shadow_latency")] public double MaxShadowLatency { get; set; }

    /// <summary>Compared rows per minute (Unix minutes): rows, then agreeing rows.</summary>
    [JsonPropertyName("minutes")] public Dictionary<long, long[]> Minutes { get; set; } = [];

    [JsonPropertyName("worst")] public List<WorstRow> Worst { get; set; } = [];

    public static string FieldKey(FieldKind kind, string field) => $"{kind}:{field}";

    /// <summary>The aggregate of <paramref name="results"/>.</summary>
    public static ReportAggregate Of(IEnumerable<ComparisonResult> results)
    {
        var aggregate = new ReportAggregate();
        foreach (var result in results)
        {
            aggregate.Add(result);
        }

        return aggregate;
    }

    public void Add(ComparisonResult result)
    {
        Comparisons++;
        if (result.Status != ComparisonStatus.Compared)
        {
            Failed[result.Reason] = Failed.GetValueOrDefault(result.Reason) + 1;
            return;
        }

        Compared++;
        LogBins.Add(PrimaryLatency, result.PrimaryLatencyMilliseconds);
        MaxPrimaryLatency = Math.Max(MaxPrimaryLatency, result.PrimaryLatencyMilliseconds);
        if (result.ShadowLatencyMilliseconds is { } shadow)
        {
            LogBins.Add(ShadowLatency, shadow);
            MaxShadowLatency = Math.Max(MaxShadowLatency, shadow);
        }

        foreach (var field in result.Fields)
        {
            var key = FieldKey(field.Kind, field.Field);
            if (!Fields.TryGetValue(key, out var aggregate))
            {
                Fields[key] = aggregate = new FieldAggregate { Field = field.Field, Kind = field.Kind };
            }

            aggregate.Add(field);
        }

        var minute = result.Time.ToUnixTimeSeconds() / 60;
        foreach (var row in result.Fields.GroupBy(f => f.Row))
        {
            var fields = row.ToList();
            var agrees = ReportBuilder.RowAgrees(fields);
            Rows++;
            AgreeingRows += agrees ? 1 : 0;
            var counts = Minutes.TryGetValue(minute, out var seen) ? seen : Minutes[minute] = new long[2];
            counts[0]++;
            counts[1] += agrees ? 1 : 0;
            if (!fields.All(f => f.Agree))
            {
                Consider(result, row.Key, fields);
            }
        }
    }

    public void Merge(ReportAggregate other)
    {
        Comparisons += other.Comparisons;
        Compared += other.Compared;
        foreach (var (reason, count) in other.Failed)
        {
            Failed[reason] = Failed.GetValueOrDefault(reason) + count;
        }

        Rows += other.Rows;
        AgreeingRows += other.AgreeingRows;
        foreach (var (key, field) in other.Fields)
        {
            if (!Fields.TryGetValue(key, out var mine))
            {
                Fields[key] = mine = new FieldAggregate { Field = field.Field, Kind = field.Kind };
            }

            mine.Merge(field);
        }

        LogBins.Merge(PrimaryLatency, other.PrimaryLatency);
        LogBins.Merge(ShadowLatency, other.ShadowLatency);
        MaxPrimaryLatency = Math.Max(MaxPrimaryLatency, other.MaxPrimaryLatency);
        MaxShadowLatency = Math.Max(MaxShadowLatency, other.MaxShadowLatency);
        foreach (var (minute, counts) in other.Minutes)
        {
            var mine = Minutes.TryGetValue(minute, out var seen) ? seen : Minutes[minute] = new long[2];
            mine[0] += counts[0];
            mine[1] += counts[1];
        }

        Worst = [.. WorstRow.Order(Worst.Concat(other.Worst)).Take(Kept)];
    }

    // Keeps a disagreeing row if it is among the worst so far; its input is read only then.
    private void Consider(ComparisonResult result, int row, List<FieldComparison> fields)
    {
        var candidate = new WorstRow(result.RequestId, result.Time, row, fields.Count(f => f.Kind == FieldKind.Label && !f.Agree),
            fields.Max(f => f.AbsoluteDifference ?? 0), fields.Min(f => f.Cosine ?? 1), new Dictionary<string, FieldPair>(), default);
        if (Worst.Count >= Kept && !ReferenceEquals(WorstRow.Order([Worst[^1], candidate]).First(), candidate))
        {
            return;
        }

        candidate = candidate with
        {
            Fields = fields.GroupBy(f => f.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new FieldPair(g.Last().Primary, g.Last().Shadow), StringComparer.Ordinal),
            Input = InputRow(result.Input, row),
        };
        Worst = [.. WorstRow.Order([.. Worst, candidate]).Take(Kept)];
    }

    private static JsonElement InputRow(string input, int row)
    {
        var root = JsonSerializer.Deserialize<JsonElement>(input);
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instances", out var instances)
            && instances.ValueKind == JsonValueKind.Array && row < instances.GetArrayLength()
            ? instances[row].Clone()
            : root.Clone();
    }
}
