using System.Net;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

public sealed class ReportPageTests
{
    [Fact]
    public async Task ReportPage_InHeadlessChromium_ShowsTheNumbersAndEscapesInputs()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("report-page-").FullName, "comparisons.db");
        var results = KnownComparisons.Build(300, input: """{"instances":[{"x":"<script>document.title='owned'</script>"}]}""");
        new ComparisonStore(store).Save(results);
        await using var server = await ShadowCompareServer.StartAsync(store, ("ShadowCompare:Gate:MinSamples", "100"));
        var report = server.Service<ReportService>().Build("churn")!;

        // The page as served to a reader (a person's browser signs in with Basic credentials, the read token as the
        // password; headless Chromium cannot answer that challenge), rendered from a file: it needs nothing else.
        var page = Path.Combine(Path.GetDirectoryName(store)!, "report.html");
        await File.WriteAllTextAsync(page, await server.Client.GetStringAsync("/reports/churn"));
        var dom = await Chromium.DumpDomAsync(new Uri(page));

        Assert.Contains($"id=\"samples\">{report.Samples}<", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"agreement\">{report.Agreement!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}<", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"mirrored\">{report.Counts.Mirrored}<", dom, StringComparison.Ordinal);
        Assert.Contains(report.Verdict.Reason, System.Net.WebUtility.HtmlDecode(dom), StringComparison.Ordinal);
        Assert.Contains("<svg", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"release-score\">{report.Verdict.Score!.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}<", dom, StringComparison.Ordinal);

        // Every chart says what it shows: a title, axis titles with units, a time axis, and a legend for two series.
        var text = System.Net.WebUtility.HtmlDecode(dom);
        foreach (var label in new[]
        {
            "Agreement over time", "time (UTC)", "agreement (share of rows)", "Histogram of probability differences",
            "|shadow − primary| of probability (bin start)", "Latency, primary and shadow", "latency (ms)", "percentile",
        })
        {
            Assert.Contains($">{label}</text>", text, StringComparison.Ordinal);
        }

        Assert.Contains($">{KnownComparisons.Start.AddSeconds(0).UtcDateTime:HH:mm:ss}</text>", text, StringComparison.Ordinal);
        Assert.Matches("<g class=\"legend\">.*>primary</text>.*>shadow</text>", text);
        Assert.DoesNotContain("<script>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<title>owned", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportEndpoints_JsonAndMarkdown_AndUnknownModel404()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("report-api-").FullName, "comparisons.db");
        new ComparisonStore(store).Save(KnownComparisons.Build(20));
        await using var server = await ShadowCompareServer.StartAsync(store);

        using var json = await server.Client.GetAsync("/reports/churn.json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(20, (long)(await json.ReadObjectAsync())["samples"]!);
        var markdown = await server.Client.GetStringAsync("/reports/churn.md");
        Assert.Contains("| mirrored | compared |", markdown, StringComparison.Ordinal);
        Assert.Contains("| from (UTC) | rows | agreement |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| {KnownComparisons.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss} |", markdown, StringComparison.Ordinal);
        // The page's other figures: the score's points, the confusion matrix, score differences' p99, the worst rows.
        Assert.Matches(@"agreement [0-9.]+ × [0-9.]+ = [0-9.]+ points", markdown);
        Assert.Contains("Confusion of churn (rows: primary, columns: shadow)", markdown, StringComparison.Ordinal);
        Assert.Contains("| p99 abs diff |", markdown, StringComparison.Ordinal);
        Assert.Contains("| request | time (UTC) | row | field: primary → shadow |", markdown, StringComparison.Ordinal);
        using var missing = await server.Client.GetAsync("/reports/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task MarkdownReport_HostileVersionAndFieldText_IsLiteralText()
    {
        const string Hostile = "1.0.0<img src=x onerror=alert(1)>[x](javascript:alert(1))|\n# owned";
        var store = Path.Combine(Directory.CreateTempSubdirectory("report-md-").FullName, "comparisons.db");
        new ComparisonStore(store).Save(KnownComparisons.Build(20, candidate: Hostile));
        await using var server = await ShadowCompareServer.StartAsync(store);

        var markdown = await server.Client.GetStringAsync("/reports/churn.md");

        Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](javascript", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# owned", markdown, StringComparison.Ordinal);
        Assert.Contains("1.0.0&lt;img src=x onerror=alert\\(1\\)&gt;\\[x\\]\\(javascript:alert\\(1\\)\\)\\| \\# owned", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-token-0123456789")]
    [InlineData("Basic bm8tY29sb24=")]
    [InlineData("Basic !!!")]
    public async Task ReportsAndGate_WithoutAReadToken_Return401AndNoData(string? authorization)
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("report-auth-").FullName, "comparisons.db");
        new ComparisonStore(store).Save(KnownComparisons.Build(20));
        await using var server = await ShadowCompareServer.StartAsync(store);
        server.Client.DefaultRequestHeaders.Authorization = null;

        foreach (var path in new[] { "/reports/churn", "/reports/churn.json", "/reports/churn.md", "/v1/gate?model=churn&candidate=1.1.0" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("samples", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A browser's Basic credentials, the token as the password, are a reader's too.
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/reports/churn.json");
        basic.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ml-team:" + ShadowCompareServer.Token)));
        using var answer = await server.Client.SendAsync(basic);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
