using Microsoft.Extensions.Options;
using Settings;
using ShadowCompare.Comparison;
using ShadowCompare.Gate;

namespace ShadowCompare;

/// <summary>
/// Checks <see cref="ShadowCompareOptions"/> at start-up, reporting every bad key at once: the data-annotation rules of
/// each section (<see cref="ValidateShadowCompareOptions"/>, generated), each entry of its maps, and the rules that
/// span fields (the store is named, the weights are not all 0, the control's name is its own).
/// </summary>
internal sealed class ShadowCompareOptionsValidator : IValidateOptions<ShadowCompareOptions>
{
    private const string S = "ShadowCompare";
    private static readonly ValidateShadowCompareOptions Annotations = new();
    private static readonly ValidateShadowOptions Targets = new();
    private static readonly ValidateComparisonOptions Tolerances = new();
    private static readonly ValidateScoreWeights Weights = new();

    public ValidateOptionsResult Validate(string? name, ShadowCompareOptions options)
    {
        var errors = new List<string>(Annotations.Validate(name, options).Failures ?? []);
        if (string.IsNullOrWhiteSpace(options.Store))
        {
            errors.Add($"{S}:Store must name a SQLite file.");
        }

        foreach (var (kind, tokens) in new[] { ("IngestTokens", options.IngestTokens), ("ReadTokens", options.ReadTokens) })
        {
            foreach (var (token, _) in tokens.Where(t => t.Value.Length < 16))
            {
                errors.Add($"{S}:{kind}:{token} must be at least 16 characters.");
            }
        }

        CheckWeights(errors, $"{S}:Score", options.Score);
        foreach (var (model, shadows) in options.Models)
        {
            var at = $"{S}:Models:{model}";
            if (shadows.Comparison is { } own)
            {
                errors.AddRange(Tolerances.Validate(SettingKey.ToDisplayName($"{at}:Comparison"), own).Failures ?? []);
            }

            if (shadows.Score is { } weights)
            {
                errors.AddRange(Weights.Validate(SettingKey.ToDisplayName($"{at}:Score"), weights).Failures ?? []);
                CheckWeights(errors, $"{at}:Score", weights);
            }

            if (shadows.Shadows.ContainsKey(Reporting.NoiseFloor.ControlName))
            {
                errors.Add($"{at}:Shadows:{Reporting.NoiseFloor.ControlName}: the name is the control's; set {at}:Control instead.");
            }

            foreach (var (shadow, settings) in shadows.Shadows)
            {
                errors.AddRange(Targets.Validate(SettingKey.ToDisplayName($"{at}:Shadows:{shadow}"), settings).Failures ?? []);
            }

            if (shadows.Control is { } control)
            {
                errors.AddRange(Targets.Validate(SettingKey.ToDisplayName($"{at}:Control"), control).Failures ?? []);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckWeights(List<string> errors, string key, ScoreWeights weights)
    {
        if (weights.Agreement + weights.Scores + weights.Latency + weights.Errors <= 0)
        {
            errors.Add($"{key}: the weights (Agreement, Scores, Latency, Errors) must not all be 0.");
        }
    }
}
