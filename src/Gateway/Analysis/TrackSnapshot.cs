namespace Gateway.Analysis;

/// <summary>One track's traffic over the analysis window.</summary>
/// <param name="Assigned">Calls assigned to the track, cache hits included (the realised share counts these).</param>
/// <param name="Answered">Calls the track's backends answered or failed (cache hits excluded).</param>
/// <param name="Errors">Backend answers that were 5xx, timeouts or transport failures.</param>
/// <param name="P50">Median backend latency.</param>
/// <param name="P99">99th percentile backend latency.</param>
/// <param name="JudgedP99">
/// The p99 the canary analysis judges: never one of the two slowest answers of each replica whose windows are merged.
/// Under 100 answers the p99 is the slowest answer, and a new process's first calls are slow while it compiles its
/// code (and each gateway replica opens its own connections to it), so a couple of slow calls per replica in a small
/// sample are not a regression; from 200 answers per replica on it is the p99 itself.
/// </param>
internal sealed record TrackSnapshot(long Assigned, long Answered, long Errors, TimeSpan P50, TimeSpan P99, TimeSpan JudgedP99)
{
    public double ErrorRate => Answered == 0 ? 0 : (double)Errors / Answered;
}
