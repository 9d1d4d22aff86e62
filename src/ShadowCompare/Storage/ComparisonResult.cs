using ShadowCompare.Comparison;

namespace ShadowCompare.Storage;

/// <summary>One request answered by a primary (or baseline) and a shadow (or candidate), and how they compared.</summary>
internal sealed record ComparisonResult
{
    public required string Model { get; init; }

    /// <summary><c>live</c> (mirrored), <c>diff</c> or <c>replay</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The offline run's id; empty for live comparisons.</summary>
    public string Run { get; init; } = "";

    public required string RequestId { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string Input { get; init; }

    public required string PrimaryVersion { get; init; }

    public required string PrimaryOutput { get; init; }

    public required double PrimaryLatencyMilliseconds { get; init; }

    /// <summary>The shadow's name in configuration (or <c>candidate</c> offline).</summary>
    public required string Shadow { get; init; }

    public string ShadowVersion { get; init; } = "";

    public string ShadowOutput { get; init; } = "";

    public double? ShadowLatencyMilliseconds { get; init; }

    public required ComparisonStatus Status { get; init; }

    /// <summary>Why it failed: <c>timeout</c>, <c>unreachable</c>, <c>shadow_error</c>, <c>not_comparable</c>, <c>no_shadow</c>.</summary>
    public string Reason { get; init; } = "";

    public IReadOnlyList<FieldComparison> Fields { get; init; } = [];
}

/// <summary>Why a comparison failed, as the store, reports and metrics spell it.</summary>
internal static class FailureReasons
{
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string ShadowError = "shadow_error";
    public const string NotComparable = "not_comparable";
    public const string NoShadow = "no_shadow";
    public const string ShadowDown = "shadow_down";

    /// <summary>Every reason, for series that start at zero.</summary>
    public static readonly string[] All = [Timeout, Unreachable, ShadowError, NotComparable, NoShadow, ShadowDown];
}
