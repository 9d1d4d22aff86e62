using System.Globalization;
using ShadowCompare.Reporting;

namespace ShadowCompare.Gate;

/// <summary>Decides whether a candidate may be promoted, from a report's numbers: enough samples, agreement, latency, failures.</summary>
internal static class GatePolicy
{
    /// <summary>The verdict; <c>agreementName</c> says which agreement is judged (plain, or above the noise floor) in its reason.</summary>
    public static Verdict Evaluate(
        string candidate, long samples, double? agreement, double? p99Ratio, long compared, long failed, GateThresholds thresholds, string agreementName = "agreement")
    {
        var failures = new List<string>();
        var facts = new List<string>();
        var failureRate = compared + failed == 0 ? 0 : (double)failed / (compared + failed);
        Check(samples >= thresholds.MinSamples, $"{samples} samples", "<", ">=", thresholds.MinSamples.ToString(CultureInfo.InvariantCulture));
        Check(agreement is { } a && a >= thresholds.MinAgreement, $"{agreementName} {Format(agreement)}", "<", ">=", Format(thresholds.MinAgreement));
        Check(p99Ratio is null || p99Ratio <= thresholds.MaxP99Ratio, $"p99 ratio {Format(p99Ratio)}", ">", "<=", Format(thresholds.MaxP99Ratio));
        Check(failureRate <= thresholds.MaxFailureRate, $"failure rate {Format(failureRate)}", ">", "<=", Format(thresholds.MaxFailureRate));

        var passed = failures.Count == 0;
        var reason = passed
            ? $"PASS {candidate}: {string.Join(", ", facts)}"
            : $"FAIL {candidate}: {string.Join(", ", failures)}";
        return new Verdict(passed, reason, thresholds);

        void Check(bool ok, string what, string failing, string passing, string limit)
        {
            if (ok)
            {
                facts.Add($"{what} {passing} {limit}");
            }
            else
            {
                failures.Add($"{what} {failing} {limit}".Replace("< ", "below ", StringComparison.Ordinal).Replace("> ", "above ", StringComparison.Ordinal));
            }
        }
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}
