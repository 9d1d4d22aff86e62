using System.Text.Json.Serialization;

namespace ShadowCompare.Gate;

/// <summary>
/// One number from 0 to 100 for a candidate, the weighted mean of four parts, each from 0 to 1:
/// agreement (above the noise floor when there is one); scores, the mean share of score and vector values within
/// tolerance (1 for a model without any); latency, 1 without a regression verdict, else 1 − 2 × the median's rise
/// (10 % slower: 0.8; 50 %: 0); errors, 1 − 10 × the failure rate (1 % failing: 0.9). The gate, the report's headline,
/// the promotion's audit record and a metric all use it.
/// </summary>
/// <param name="Score">The score, 0 to 100.</param>
/// <param name="Parts">Each part: its value, weight and the points it adds.</param>
internal sealed record ReleaseScore(
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("parts")] IReadOnlyList<ScorePart> Parts)
{
    public static ReleaseScore Compute(GateEvidence evidence, bool latencyRegression, ScoreWeights weights)
    {
        var attempts = evidence.Compared + evidence.Failed;
        var failureRate = attempts == 0 ? 0 : (double)evidence.Failed / attempts;
        (string Name, double Value, double Weight)[] parts =
        [
            ("agreement", evidence.Agreement ?? 0, weights.Agreement),
            ("scores", evidence.WithinTolerance ?? 1, weights.Scores),
            ("latency", latencyRegression ? Math.Clamp(1 - (2 * ((evidence.MedianRatio ?? 1) - 1)), 0, 1) : 1, weights.Latency),
            ("errors", Math.Clamp(1 - (10 * failureRate), 0, 1), weights.Errors),
        ];
        var total = parts.Sum(p => p.Weight);
        var scored = parts.Select(p => new ScorePart(p.Name, p.Value, p.Weight, total <= 0 ? 0 : 100 * p.Value * p.Weight / total)).ToList();
        return new ReleaseScore(Math.Round(scored.Sum(p => p.Points), 1), scored);
    }
}

/// <summary>One part of the release score.</summary>
/// <param name="Name"><c>agreement</c>, <c>scores</c>, <c>latency</c> or <c>errors</c>.</param>
/// <param name="Value">The part's value, 0 to 1.</param>
/// <param name="Weight">Its weight as configured.</param>
/// <param name="Points">What it adds to the score: 100 × value × weight / the weights' sum.</param>
internal sealed record ScorePart(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("points")] double Points);
