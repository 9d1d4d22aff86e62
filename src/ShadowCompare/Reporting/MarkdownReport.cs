using System.Globalization;
using System.Text;

namespace ShadowCompare.Reporting;

/// <summary>
/// The report as Markdown for a pull request, with the page's figures as tables: score and verdict, counts, noise
/// floor, drift, versions, fields (score differences at p50 and p99), confusion matrices, latency, agreement over time
/// and the top disagreements (without their inputs, which callers sent).
/// </summary>
internal static class MarkdownReport
{
    public static string Render(ComparisonReport report)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"""
            ### {E(report.Model)} {E(report.Candidate)} vs {E(string.Join(", ", report.Baselines))} ({E(report.Source)})

            **Release score**: {(report.Verdict.ReleaseScore is { } score ? string.Create(CultureInfo.InvariantCulture, $"{score.Score:0.#}/100 ({string.Join(", ", score.Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Value:0.###} × {p.Weight:0.##} = {p.Points:0.#} points")))})") : "n/a")}

            **Verdict**: {E(report.Verdict.Reason)}
            {(report.OtherBaselines.Count == 0 ? "" : $"\nAlso compared against (each its own report): {E(string.Join(", ", report.OtherBaselines.Select(b => $"{b.Version} ({b.Comparisons})")))}.\n")}
            | mirrored | compared | dropped | failed | pending | samples | agreement |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {report.Counts.Mirrored} | {report.Counts.Compared} | {report.Counts.Dropped.Values.Sum()} | {report.Counts.Failed.Values.Sum()} | {report.Counts.Pending} | {report.Samples} | {F(report.Agreement)} |
            """);
        md.Append("\n\n");
        if (report.Noise is { Agreement: not null } noise)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"Noise floor: the primary agrees with its control {F(noise.Agreement)} over {noise.Rows} rows; the candidate's agreement above the noise is {F(noise.AgreementAboveNoise)}.\n\n");
            md.Append("| field | kind | candidate | noise | threshold | past the noise |\n| --- | --- | ---: | ---: | ---: | --- |\n");
            foreach (var f in noise.Fields)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {E(f.Field)} | {f.Kind} | {F(f.Candidate)} | {F(f.Noise)} | {F(f.Threshold)} | {(f.PastNoise ? "yes" : "no")} |\n");
            }

            md.Append('\n');
        }

        if (report.Drift is { } drift)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"Input drift: {drift.Rows} live rows served by {E(drift.Version)} since {drift.Since:u} against its reference ({E(drift.Dataset)}, {drift.ReferenceRows} rows); drifted: {(drift.Drifted.Count == 0 ? "none" : E(string.Join(", ", drift.Drifted)))}.\n\n");
            md.Append("| feature | kind | rows | PSI | KS | KS p-value | drifted |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
            foreach (var f in drift.Features)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {E(f.Feature)} | {f.Kind} | {f.Rows} | {F(f.Psi)} | {F(f.Ks)} | {F(f.KsPValue)} | {(f.Drifted ? "yes" : "no")} |\n");
            }

            md.Append('\n');
        }

        if (report.Versions.Count > 0)
        {
            md.Append("| version | role | description | metrics |\n| --- | --- | --- | --- |\n");
            foreach (var v in report.Versions)
            {
                var metrics = v.Metrics is null ? "" : string.Join(", ", v.Metrics.Where(m => m.Key != "dataset").Select(m => $"{m.Key} {m.Value?.ToJsonString()}"));
                md.Append(CultureInfo.InvariantCulture, $"| {E(v.Version)} | {v.Role} | {E(v.Description ?? "")} | {E(metrics)} |\n");
            }

            md.Append('\n');
        }

        if (report.Labels.Count + report.Scores.Count + report.Vectors.Count > 0)
        {
            md.Append("| field | kind | rows | agreement / within tolerance | mean abs diff | p50 abs diff | p99 abs diff | max abs diff | correlation |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (var l in report.Labels)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {E(l.Field)} | label | {l.Rows} | {F(l.Agreement)} | | | | | |\n");
            }

            foreach (var s in report.Scores)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {E(s.Field)} | score | {s.Rows} | {F(s.WithinTolerance)} | {F(s.MeanAbsoluteDifference)} | {F(s.P50AbsoluteDifference)} | {F(s.P99AbsoluteDifference)} | {F(s.MaxAbsoluteDifference)} | {F(s.Correlation)} |\n");
            }

            foreach (var v in report.Vectors)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {E(v.Field)} | vector | {v.Rows} | {F(v.WithinTolerance)} | | | | | |\n");
            }

            md.Append('\n');
        }

        foreach (var label in report.Labels)
        {
            Confusion(md, label);
        }

        var latency = report.Latency;
        md.Append(CultureInfo.InvariantCulture,
            $"Latency p50/p99 ms: primary {F(latency.PrimaryP50)} / {F(latency.PrimaryP99)}, shadow {F(latency.ShadowP50)} / {F(latency.ShadowP99)} (p99 ratio {F(latency.P99Ratio)}).\n");
        var slices = report.OverTime.Where(t => t.Rows > 0).ToList();
        if (slices.Count > 0)
        {
            md.Append("\nAgreement over time:\n\n| from (UTC) | rows | agreement |\n| --- | ---: | ---: |\n");
            foreach (var slice in slices)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {slice.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss} | {slice.Rows} | {F(slice.Agreement)} |\n");
            }
        }

        if (report.TopDisagreements.Count > 0)
        {
            md.Append("\nTop disagreements (inputs on the report page):\n\n| request | time (UTC) | row | field: primary → shadow |\n| --- | --- | ---: | --- |\n");
            foreach (var d in report.TopDisagreements)
            {
                var fields = string.Join("; ", d.Fields.Select(f => $"{f.Key}: {f.Value.Primary} → {f.Value.Shadow}"));
                md.Append(CultureInfo.InvariantCulture, $"| {E(d.RequestId)} | {d.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} | {d.Row} | {E(fields)} |\n");
            }
        }

        return md.ToString();
    }

    // A label's confusion matrix: the primary's labels down, the shadow's across.
    private static void Confusion(StringBuilder md, LabelSummary label)
    {
        var shadowLabels = label.Confusion.Values.SelectMany(c => c.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        if (shadowLabels.Count == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"Confusion of {E(label.Field)} (rows: primary, columns: shadow):\n\n| primary | {string.Join(" | ", shadowLabels.Select(E))} |\n");
        md.Append("| --- |").Append(string.Concat(shadowLabels.Select(_ => " ---: |"))).Append('\n');
        foreach (var (primary, counts) in label.Confusion.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {E(primary)} | {string.Join(" | ", shadowLabels.Select(s => counts.GetValueOrDefault(s)))} |\n");
        }

        md.Append('\n');
    }

    // Text that came from outside (model and version names, output field names, the gate's reason) as literal
    // Markdown: no HTML, no links or images, no table breaks, one line. A renderer shows exactly the characters sent.
    public static string E(string? text)
    {
        var escaped = new StringBuilder((text?.Length ?? 0) + 8);
        foreach (var c in text ?? "")
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '|' or '!' or '~' => escaped.Append('\\').Append(c),
                '\r' or '\n' or '\t' => escaped.Append(' '),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}
