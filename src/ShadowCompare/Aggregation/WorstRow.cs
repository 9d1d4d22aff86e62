using System.Text.Json;
using System.Text.Json.Serialization;
using ShadowCompare.Reporting;

namespace ShadowCompare.Aggregation;

/// <summary>A row on which the two answers disagree, with what ranks it: label flips first, then the largest score difference, then the lowest cosine.</summary>
internal sealed record WorstRow(
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("row")] int Row,
    [property: JsonPropertyName("flips")] int Flips,
    [property: JsonPropertyName("max_abs")] double MaxAbsolute,
    [property: JsonPropertyName("min_cos")] double MinCosine,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, FieldPair> Fields,
    [property: JsonPropertyName("input")] JsonElement Input)
{
    /// <summary>Worst first; equal ones by time, then request and row, so merging in any order keeps the same ten.</summary>
    public static IOrderedEnumerable<WorstRow> Order(IEnumerable<WorstRow> rows) =>
        rows.OrderByDescending(r => r.Flips).ThenByDescending(r => r.MaxAbsolute).ThenBy(r => r.MinCosine)
            .ThenBy(r => r.Time).ThenBy(r => r.RequestId, StringComparer.Ordinal).ThenBy(r => r.Row);
}
