using System.Globalization;
using System.Text;

namespace ShadowCompare.Reporting;

/// <summary>The report as a Markdown summary, short enough for a pull request comment.</summary>
internal static class MarkdownReport
{
    public static string Render(ComparisonReport report)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"""
            ### {report.Model} {report.Candidate} vs {string.Join(", ", report.Baselines)} ({report.Source})

            **Verdict**: {report.Verdict.Reason}

            | mirrored | compared | dropped | failed | pending | samples | agreement |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {report.Counts.Mirrored} | {report.Counts.Compared} | {report.Counts.Dropped.Values.Sum()} | {report.Counts.Failed.Values.Sum()} | {report.Counts.Pending} | {report.Samples} | {F(report.Agreement)} |
            """);
        md.Append("\n\n");
        if (report.Labels.Count + report.Scores.Count + report.Vectors.Count > 0)
        {
            md.Append("| field | kind | rows | agreement / within tolerance | mean abs diff | max abs diff | correlation |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (var l in report.Labels)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {l.Field} | label | {l.Rows} | {F(l.Agreement)} | | | |\n");
            }

            foreach (var s in report.Scores)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {s.Field} | score | {s.Rows} | {F(s.WithinTolerance)} | {F(s.MeanAbsoluteDifference)} | {F(s.MaxAbsoluteDifference)} | {F(s.Correlation)} |\n");
            }

            foreach (var v in report.Vectors)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {v.Field} | vector | {v.Rows} | {F(v.WithinTolerance)} | | | |\n");
            }

            md.Append('\n');
        }

        var latency = report.Latency;
        md.Append(CultureInfo.InvariantCulture,
            $"Latency p50/p99 ms: primary {F(latency.PrimaryP50)} / {F(latency.PrimaryP99)}, shadow {F(latency.ShadowP50)} / {F(latency.ShadowP99)} (p99 ratio {F(latency.P99Ratio)}).\n");
        return md.ToString();
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}
