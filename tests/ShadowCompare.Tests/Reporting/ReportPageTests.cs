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

        var dom = await Chromium.DumpDomAsync(new Uri(server.BaseAddress, "/reports/churn"));

        Assert.Contains($"id=\"samples\">{report.Samples}<", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"agreement\">{report.Agreement!.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}<", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"mirrored\">{report.Counts.Mirrored}<", dom, StringComparison.Ordinal);
        Assert.Contains(report.Verdict.Reason, System.Net.WebUtility.HtmlDecode(dom), StringComparison.Ordinal);
        Assert.Contains("<svg", dom, StringComparison.Ordinal);
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
        using var missing = await server.Client.GetAsync("/reports/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
