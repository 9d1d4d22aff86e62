using System.Text.Json.Serialization;

namespace Gateway.Analysis;

/// <summary>
/// One track's counts over a window, with its latencies in <see cref="TrackWindow"/>'s logarithmic bins: what a replica
/// publishes each second, and what the canary analysis merges across replicas by adding bin to bin.
/// </summary>
/// <param name="Assigned">Calls assigned to the track, cache hits included.</param>
/// <param name="Answered">Calls the track's backends answered or failed.</param>
/// <param name="Errors">Backend answers that were 5xx, timeouts or transport failures.</param>
/// <param name="Latency">Answers per latency bin, only the bins that hold any: bin index to count.</param>
internal sealed record WindowCounts(
    [property: JsonPropertyName("assigned")] long Assigned,
    [property: JsonPropertyName("answered")] long Answered,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("latency")] Dictionary<int, long> Latency)
{
    public static WindowCounts Empty { get; } = new(0, 0, 0, []);

    /// <summary>The sum of several replicas' counts of the same track.</summary>
    public static WindowCounts Merge(IEnumerable<WindowCounts> parts)
    {
        long assigned = 0, answered = 0, errors = 0;
        var latency = new Dictionary<int, long>();
        foreach (var part in parts)
        {
            assigned += part.Assigned;
            answered += part.Answered;
            errors += part.Errors;
            foreach (var (bin, count) in part.Latency)
            {
                latency[bin] = latency.GetValueOrDefault(bin) + count;
            }
        }

        return new WindowCounts(assigned, answered, errors, latency);
    }

    /// <summary>The counts with their percentiles, as the analysis and the status report read them.</summary>
    /// <param name="replicas">
    /// How many replicas' windows these are: the judged p99 leaves out <see cref="TrackWindow.SlowestIgnored"/> slowest
    /// answers per replica, since each replica's first calls to a newly started backend are slow alike.
    /// </param>
    public TrackSnapshot ToSnapshot(int replicas = 1)
    {
        var p99 = (long)Math.Ceiling(0.99 * Answered);
        return new TrackSnapshot(Assigned, Answered, Errors,
            AtRank((long)Math.Ceiling(0.50 * Answered)), AtRank(p99), AtRank(Math.Min(p99, Answered - (TrackWindow.SlowestIgnored * replicas))));
    }

    // The upper edge of the bin holding the rank-th fastest answer: a percentile is never reported lower than it was.
    private TimeSpan AtRank(long rank)
    {
        if (rank <= 0)
        {
            return TimeSpan.Zero;
        }

        long seen = 0;
        foreach (var (bin, count) in Latency.OrderBy(pair => pair.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return TrackWindow.UpperEdge(bin);
            }
        }

        return Latency.Count == 0 ? TimeSpan.Zero : TrackWindow.UpperEdge(Latency.Keys.Max());
    }
}
