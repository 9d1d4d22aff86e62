namespace Gateway.Shadow;

/// <summary>
/// A request answered and sampled for mirroring, kept as the bytes already in hand (the body as received, the answer
/// as held): nothing is copied or serialised on the request path. The request's W3C trace context goes with it (null
/// when untraced), so ShadowCompare's comparison span links to the request's.
/// </summary>
internal sealed record MirrorRecord(
    string Model, string Api, string RequestId, DateTimeOffset Time, byte[] Input, string Version, string Track, byte[] Output, double LatencyMilliseconds,
    string? TraceParent = null);

/// <summary>A posted batch the gateway did not hear back about: its id, why, and its records by model.</summary>
internal sealed record UnconfirmedBatch(string BatchId, string Reason, Dictionary<string, long> Counts);

/// <summary>Why a mirror record did not reach ShadowCompare.</summary>
internal static class DropReasons
{
    public const string QueueFull = "queue_full";
    public const string SendFailed = "send_failed";
    public const string CompareBusy = "compare_busy";
    public const string Timeout = "send_timeout";
    public const string NotJson = "not_json";
}
