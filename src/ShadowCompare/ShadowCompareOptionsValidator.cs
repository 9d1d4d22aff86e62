using Microsoft.Extensions.Options;

namespace ShadowCompare;

/// <summary>Checks <see cref="ShadowCompareOptions"/> at start-up, reporting every bad key at once.</summary>
internal sealed class ShadowCompareOptionsValidator : IValidateOptions<ShadowCompareOptions>
{
    public ValidateOptionsResult Validate(string? name, ShadowCompareOptions options)
    {
        const string S = "ShadowCompare";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Store))
        {
            errors.Add($"{S}:Store must name a SQLite file.");
        }

        Range(errors, $"{S}:MaxPending", options.MaxPending, 1, 100_000_000);
        Range(errors, $"{S}:Workers", options.Workers, 1, 1024);
        Range(errors, $"{S}:Retention:Days", options.Retention.Days, 0, 3650);
        foreach (var (kind, tokens) in new[] { ("IngestTokens", options.IngestTokens), ("ReadTokens", options.ReadTokens) })
        {
            foreach (var (token, _) in tokens.Where(t => t.Value.Length < 16))
            {
                errors.Add($"{S}:{kind}:{token} must be at least 16 characters.");
            }
        }

        Tolerances(errors, $"{S}:Comparison", options.Comparison);
        if (!(options.Noise.RelativeThreshold is >= 0 and <= 100) || !(options.Noise.AbsoluteThreshold is >= 0 and <= 1000))
        {
            errors.Add($"{S}:Noise:RelativeThreshold must be from 0 to 100 and {S}:Noise:AbsoluteThreshold from 0 to 1000.");
        }

        Range(errors, $"{S}:Noise:MinimumRows", options.Noise.MinimumRows, 1, 1_000_000);
        var drift = options.Drift;
        Range(errors, $"{S}:Drift:WindowHours", drift.WindowHours, 1, 8760);
        Range(errors, $"{S}:Drift:MinimumRows", drift.MinimumRows, 1, 100_000_000);
        foreach (var (key, value, max) in new[] { ("PsiThreshold", drift.PsiThreshold, 10.0), ("KsThreshold", drift.KsThreshold, 1), ("Alpha", drift.Alpha, 0.999999) })
        {
            if (!(value > 0 && value <= max))
            {
                errors.Add($"{S}:Drift:{key} is {value}: it must be above 0 and at most {max}.");
            }
        }

        Weights(errors, $"{S}:Score", options.Score);
        var gate = options.Gate;
        foreach (var (key, value, min, max) in new[]
        {
            ("MinScore", gate.MinScore, 0.0, 100.0), ("MinAgreement", gate.MinAgreement, 0, 1), ("MaxFailureRate", gate.MaxFailureRate, 0, 1),
            ("Confidence", gate.Confidence, 0.5, 0.9999), ("MinLatencyEffect", gate.MinLatencyEffect, 0, 1),
            ("MinLatencyIncrease", gate.MinLatencyIncrease, 0, 100), ("MaxP99Ratio", gate.MaxP99Ratio, 0, 1000),
        })
        {
            if (!(value >= min && value <= max))
            {
                errors.Add($"{S}:Gate:{key} is {value}: it must be from {min} to {max}.");
            }
        }
        foreach (var (model, shadows) in options.Models)
        {
            if (shadows.Comparison is { } own)
            {
                Tolerances(errors, $"{S}:Models:{model}:Comparison", own);
            }

            if (shadows.Score is { } weights)
            {
                Weights(errors, $"{S}:Models:{model}:Score", weights);
            }

            if (shadows.Shadows.ContainsKey(Reporting.NoiseFloor.ControlName))
            {
                errors.Add($"{S}:Models:{model}:Shadows:{Reporting.NoiseFloor.ControlName}: the name is the control's; set {S}:Models:{model}:Control instead.");
            }

            var targets = shadows.Shadows.Select(s => ($"{S}:Models:{model}:Shadows:{s.Key}", s.Value));
            foreach (var (key, settings) in shadows.Control is { } control ? targets.Append(($"{S}:Models:{model}:Control", control)) : targets)
            {
                if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{key}:Url is '{settings.Url}', not an absolute http(s) URL.");
                }

                Range(errors, $"{key}:Concurrency", settings.Concurrency, 1, 1024);
                Range(errors, $"{key}:TimeoutMilliseconds", settings.TimeoutMilliseconds, 1, 600_000);
                Range(errors, $"{key}:BreakSeconds", settings.BreakSeconds, 0, 3600);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Weights(List<string> errors, string key, Gate.ScoreWeights weights)
    {
        double[] all = [weights.Agreement, weights.Scores, weights.Latency, weights.Errors];
        if (all.Any(w => !(w >= 0) || double.IsInfinity(w)) || all.Sum() <= 0)
        {
            errors.Add($"{key}: the weights (Agreement, Scores, Latency, Errors) must be finite, 0 or more, and not all 0.");
        }
    }

    private static void Tolerances(List<string> errors, string key, Comparison.ComparisonOptions comparison)
    {
        if (!(comparison.ScoreTolerance >= 0) || double.IsInfinity(comparison.ScoreTolerance))
        {
            errors.Add($"{key}:ScoreTolerance is {comparison.ScoreTolerance}: it must be a finite number, 0 or more.");
        }

        if (!(comparison.MinCosine is >= -1 and <= 1))
        {
            errors.Add($"{key}:MinCosine is {comparison.MinCosine}: it must be from -1 to 1.");
        }
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}: it must be from {min} to {max}.");
        }
    }
}
