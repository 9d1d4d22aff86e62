using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ShadowCompare.Reporting;

/// <summary>The report as one self-contained HTML page for people: verdict, counts, charts (inline SVG), confusion matrices, the worst disagreements.</summary>
internal static class HtmlReport
{
    public static string Render(ComparisonReport report)
    {
        var html = new StringBuilder();
        var run = string.IsNullOrEmpty(report.Run) ? "" : $", run {E(report.Run)}";
        var verdictClass = report.Verdict.Passed ? "pass" : "fail";
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(report.Model)} {E(report.Candidate)}: shadow comparison</title>
            {Style}
            </head><body>
            <h1>{E(report.Model)}: candidate {E(report.Candidate)} against {E(string.Join(", ", report.Baselines))}</h1>
            <p>Source: {E(report.Source)}{run}. Generated {report.GeneratedAt:u}.</p>
            {OtherBaselines(report)}
            {Score(report.Verdict.ReleaseScore)}
            <p id="verdict" class="{verdictClass}"><strong>{E(report.Verdict.Reason)}</strong></p>
            {Versions(report.Versions)}
            <h2>Counts</h2>
            <table><tr><th class="l">mirrored</th><th class="l">compared</th><th class="l">dropped</th><th class="l">failed</th><th class="l">pending</th><th class="l">samples (rows)</th><th class="l">agreement</th></tr>
            <tr><td id="mirrored">{report.Counts.Mirrored}</td><td id="compared">{report.Counts.Compared}</td><td id="dropped">{E(Breakdown(report.Counts.Dropped))}</td>
            <td id="failed">{E(Breakdown(report.Counts.Failed))}</td><td id="pending">{report.Counts.Pending}</td><td id="samples">{report.Samples}</td><td id="agreement">{F(report.Agreement)}</td></tr></table>
            {Noise(report.Noise)}
            {DriftSection(report.Drift)}
            <h2>Agreement over time</h2>
            {SvgCharts.Line([.. report.OverTime.Select(s => (s.Start, s.Agreement))], "Agreement over time", "agreement (share of rows)")}
            """);

        foreach (var label in report.Labels)
        {
            var shadowLabels = label.Confusion.Values.SelectMany(v => v.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<h2>Label <code>{E(label.Field)}</code>: agreement <span class=\"label-agreement\">{F(label.Agreement)}</span> over {label.Rows} rows</h2>");
            html.Append("<table><tr><th class=\"l\">primary ↓ / shadow →</th>");
            foreach (var s in shadowLabels)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{E(s)}</th>");
            }

            html.Append("</tr>");
            foreach (var (primary, counts) in label.Confusion)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th class=\"l\">{E(primary)}</th>");
                foreach (var s in shadowLabels)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td>{counts.GetValueOrDefault(s)}</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
        }

        foreach (var score in report.Scores)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2>Score <code>{E(score.Field)}</code>: |shadow − primary| over {score.Rows} rows</h2>
                <table><tr><th>within tolerance</th><th>mean</th><th>p50</th><th>p99</th><th>max</th><th>mean relative</th><th>correlation</th></tr>
                <tr><td>{F(score.WithinTolerance)}</td><td class="mean-abs-diff">{F(score.MeanAbsoluteDifference)}</td><td>{F(score.P50AbsoluteDifference)}</td>
                <td>{F(score.P99AbsoluteDifference)}</td><td class="max-abs-diff">{F(score.MaxAbsoluteDifference)}</td><td>{F(score.MeanRelativeDifference)}</td><td>{F(score.Correlation)}</td></tr></table>
                {SvgCharts.Bars([.. score.Histogram.Counts.Select((c, i) => (F(score.Histogram.Edges[i]), (double)c))], $"Histogram of {score.Field} differences", $"|shadow − primary| of {score.Field} (bin start)", "rows")}
                """);
        }

        foreach (var vector in report.Vectors)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Vector <code>{E(vector.Field)}</code></h2><p>mean cosine {F(vector.MeanCosine)}, lowest {F(vector.MinCosine)}, within tolerance {F(vector.WithinTolerance)} over {vector.Rows} rows</p>");
        }

        var latency = report.Latency;
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>Latency</h2>
            <table><tr><th></th><th>p50 ms</th><th>p99 ms</th></tr>
            <tr><th class="l">primary</th><td>{F(latency.PrimaryP50)}</td><td id="primary-p99">{F(latency.PrimaryP99)}</td></tr>
            <tr><th class="l">shadow</th><td>{F(latency.ShadowP50)}</td><td id="shadow-p99">{F(latency.ShadowP99)}</td></tr></table>
            <p>p99 ratio (shadow / primary): <span id="p99-ratio">{F(latency.P99Ratio)}</span></p>
            {SvgCharts.GroupedBars([("p50", latency.PrimaryP50, latency.ShadowP50), ("p99", latency.PrimaryP99, latency.ShadowP99)], ("primary", "shadow"), "Latency, primary and shadow", "percentile", "latency (ms)")}
            <h2>Top disagreements</h2>
            <table><tr><th class="l">request</th><th>row</th><th class="l">primary → shadow</th><th class="l">input</th></tr>
            """);
        foreach (var d in report.TopDisagreements)
        {
            var fields = string.Join("<br>", d.Fields.Where(f => f.Value.Primary != f.Value.Shadow).Select(f => $"{E(f.Key)}: {E(f.Value.Primary)} → {E(f.Value.Shadow)}"));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(d.RequestId)}</td><td>{d.Row}</td><td class=\"l\">{fields}</td><td class=\"l\"><pre>{E(JsonSerializer.Serialize(d.Input))}</pre></td></tr>");
        }

        return html.Append("</table></body></html>\n").ToString();
    }

    private const string Style = """
        <style>
        body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem;color:#111} table{border-collapse:collapse;margin:.5rem 0 1rem}
        td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right} th{background:#f3f4f6} td.l,th.l{text-align:left}
        .score{font-size:20px} .pass{background:#dcfce7;padding:.75rem} .fail{background:#fee2e2;padding:.75rem} pre{margin:0;font-size:12px;white-space:pre-wrap;word-break:break-all;max-width:40rem}
        </style>
        """;

    private static string Breakdown(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "0" : $"{counts.Values.Sum()} ({string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))})";

    private static string F(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";

    private static string E(string text) => System.Net.WebUtility.HtmlEncode(text);

    // What each compared version's manifest says: the candidate first, then the baselines.
    private static string Versions(IReadOnlyList<VersionFacts> versions)
    {
        if (versions.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<h2>Versions</h2>\n<table id=\"versions\"><tr><th class=\"l\">version</th><th class=\"l\">role</th><th class=\"l\">description</th><th class=\"l\">evaluation metrics</th><th class=\"l\">changes</th></tr>");
        foreach (var v in versions)
        {
            var metrics = v.Metrics is null ? "" : string.Join("<br>", v.Metrics.Select(m => $"{E(m.Key)}: {E(m.Value?.ToJsonString() ?? "null")}"));
            var changes = string.Join("<br>", v.Changelog.Select(E));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(v.Version)}</td><td class=\"l\">{E(v.Role)}</td><td class=\"l\">{E(v.Description ?? "")}</td><td class=\"l\">{metrics}</td><td class=\"l\">{changes}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    // Results against other primaries are their own reports, never pooled into this one.
    private static string OtherBaselines(ComparisonReport report) => report.OtherBaselines.Count == 0 ? ""
        : "<p id=\"other-baselines\">Also compared against (each its own report): "
            + string.Join(", ", report.OtherBaselines.Select(b =>
                $"<a href=\"?candidate={Uri.EscapeDataString(report.Candidate)}&amp;baseline={Uri.EscapeDataString(b.Version)}\">{E(b.Version)}</a> ({b.Comparisons} comparisons)"))
            + ".</p>";

    // The primary against its control, and each field of the candidate against that noise.
    // Each feature's figures, then its live shares against the reference's, bin by bin.
    private static string DriftSection(Drift.DriftReport? drift)
    {
        if (drift is null)
        {
            return "";
        }

        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <h2>Input drift</h2>
            <p id="drift">{drift.Rows} live rows served by {E(drift.Version)} since {drift.Since:u}, against its reference ({E(drift.Dataset)}, {drift.ReferenceRows} rows).
            Drifted: <strong id="drifted">{(drift.Drifted.Count == 0 ? "none" : E(string.Join(", ", drift.Drifted)))}</strong>
            (population stability index at least the threshold, or for a number a Kolmogorov–Smirnov distance past it with a small p-value; judged from {drift.MinimumRows} rows).</p>
            <table id="drift-features"><tr><th class="l">feature</th><th class="l">kind</th><th>rows</th><th>PSI</th><th>KS</th><th>KS p-value</th><th class="l">drifted</th></tr>
            """);
        foreach (var f in drift.Features)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"l\">{E(f.Feature)}</td><td class=\"l\">{E(f.Kind)}</td><td>{f.Rows}</td><td>{F(f.Psi)}</td><td>{F(f.Ks)}</td><td>{F(f.KsPValue)}</td><td class=\"l\">{(f.Drifted ? "yes" : "no")}</td></tr>");
        }

        html.Append("</table>\n");
        foreach (var f in drift.Features.Where(f => f.Rows > 0))
        {
            html.Append(SvgCharts.GroupedBars(
                [.. f.Bins.Where(b => b.Reference > 0 || b.Live > 0).Select(b => (b.Bin, (double?)b.Reference, (double?)b.Live))],
                ("reference", "live"), $"Input {f.Feature}: share of rows per bin", f.Kind == "numeric" ? $"{f.Feature} (bin, by its upper bound)" : f.Feature, "share of rows"));
        }

        return html.ToString();
    }

    private static string Noise(NoiseReport? noise)
    {
        if (noise is null)
        {
            return "";
        }

        if (noise.Agreement is null)
        {
            return $"<h2>Noise floor</h2><p id=\"noise\">Not yet: {noise.Rows} control rows compared, too few to tell noise (ShadowCompare:Noise:MinimumRows).</p>";
        }

        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <h2>Noise floor</h2>
            <p id="noise">The primary against its control (the same version): agreement {F(noise.Agreement)} over {noise.Rows} rows. The candidate's agreement above that noise: <strong id="agreement-above-noise">{F(noise.AgreementAboveNoise)}</strong>, which the gate judges.</p>
            <table><tr><th class="l">field</th><th class="l">kind</th><th>candidate</th><th>noise</th><th>threshold</th><th class="l">past the noise</th></tr>
            """);
        foreach (var f in noise.Fields)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"l\">{E(f.Field)}</td><td class=\"l\">{E(f.Kind)}</td><td>{F(f.Candidate)}</td><td>{F(f.Noise)}</td><td>{F(f.Threshold)}</td><td class=\"l\">{(f.PastNoise ? "yes" : "no")}</td></tr>");
        }

        return html.Append("</table><p>A label is measured by its disagreement rate, a score by its mean |difference|, a vector by 1 − its mean cosine; a field is past the noise above noise × (1 + relative threshold) + absolute threshold.</p>").ToString();
    }

    // The release score first, then how it was made.
    private static string Score(Gate.ReleaseScore? score)
    {
        if (score is null)
        {
            return "";
        }

        var parts = string.Join("", score.Parts.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(p.Name)}</td><td>{F(p.Value)}</td><td>{F(p.Weight)}</td><td>{p.Points:0.#}</td></tr>")));
        return string.Create(CultureInfo.InvariantCulture, $"""
            <p class="score">Release score <strong id="release-score">{score.Score:0.#}</strong> / 100</p>
            <details><summary>How the score was computed</summary>
            <table><tr><th class="l">part</th><th>value (0–1)</th><th>weight</th><th>points</th></tr>{parts}</table>
            <p>agreement: label agreement, above the noise floor when there is one; scores: the mean share of score and vector values within tolerance; latency: 1 without a regression verdict, else 1 − 2 × the median's rise; errors: 1 − 10 × the failure rate. Points = 100 × value × weight / the weights' sum.</p>
            </details>
            """);
    }
}
