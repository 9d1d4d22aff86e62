using ShadowCompare.Ingest;
using ShadowCompare.Storage;

namespace ShadowCompare.Comparison;

/// <summary>Sends one request's input to a shadow and compares its answer with the primary's: the step live, diff and replay share.</summary>
internal sealed class ShadowComparer(ShadowClient client, ComparisonOptions options)
{
    /// <summary>The request and the primary's answer, as the caller got it.</summary>
    public sealed record Primary(string Model, string Api, string RequestId, DateTimeOffset Time, string Input, string Version, string Output, double LatencyMilliseconds);

    public async Task<ComparisonResult> CompareAsync(
        Primary primary, string source, string run, string shadow, Uri shadowUrl, TimeSpan timeout, string lastKnownVersion, CancellationToken cancellationToken)
    {
        var answer = await client.CallAsync(shadowUrl, primary.Model, primary.Api, primary.Input, timeout, cancellationToken);
        return Compare(options, primary, answer, source, run, shadow, lastKnownVersion);
    }

    /// <summary>Compares a shadow's answer, however it was got (a call, or a model served in this process), with the primary's.</summary>
    public static ComparisonResult Compare(
        ComparisonOptions options, Primary primary, ShadowClient.Answer answer, string source, string run, string shadow, string lastKnownVersion)
    {
        // A failed call says no version: it is counted against the version the shadow last answered with.
        var result = Failed(primary, source, run, shadow, answer.Version.Length > 0 ? answer.Version : lastKnownVersion, answer.FailureReason) with
        {
            ShadowOutput = answer.Output,
            ShadowLatencyMilliseconds = answer.Succeeded ? answer.LatencyMilliseconds : null,
        };
        if (!answer.Succeeded)
        {
            return result;
        }

        var (fields, error) = OutputComparer.Compare(primary.Output, answer.Output, options);
        return fields is null
            ? result with { Reason = FailureReasons.NotComparable, ShadowOutput = $"{error}: {answer.Output}" }
            : result with { Status = ComparisonStatus.Compared, Reason = "", Fields = fields };
    }

    /// <summary>A comparison of a request that failed for <paramref name="reason"/>: the whole result when no call was made (the shadow is down).</summary>
    public static ComparisonResult Failed(Primary primary, string source, string run, string shadow, string shadowVersion, string reason) =>
        new()
        {
            Model = primary.Model,
            Source = source,
            Run = run,
            RequestId = primary.RequestId,
            Time = primary.Time,
            Input = primary.Input,
            PrimaryVersion = primary.Version,
            PrimaryOutput = primary.Output,
            PrimaryLatencyMilliseconds = primary.LatencyMilliseconds,
            Shadow = shadow,
            ShadowVersion = shadowVersion,
            Status = ComparisonStatus.Failed,
            Reason = reason,
        };
}
