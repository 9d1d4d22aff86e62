using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EndToEnd.Tests.Deploy;

/// <summary>
/// The Prometheus alerts and the Grafana dashboard name only metrics a real gateway, ShadowCompare or ModelHost exports
/// (scraped from /metrics after the events they count).
/// </summary>
public sealed partial class MonitoringConfigTests
{
    private static readonly string Deploy = Path.Combine(RepositoryPaths.Root, "deploy");

    [Fact]
    public async Task AlertsAndDashboard_NameOnlyMetricsTheGatewayExports()
    {
        var scraped = await ScrapeAfterEveryEventAsync();
        var used = AlertExpressions().Concat(DashboardExpressions())
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(n => SeriesSuffix().Replace(n, ""))
            .ToHashSet();

        Assert.NotEmpty(used);
        foreach (var metric in used)
        {
            Assert.True(Regex.IsMatch(scraped, $"^{metric}(_bucket|_count|_sum)?[{{ ]", RegexOptions.Multiline), $"{metric} is not exported by the gateway or ShadowCompare");
        }
    }

    [Fact]
    public void PrometheusConfig_LoadsTheAlertRulesFile_AndEveryRuleHasAnExpression()
    {
        var config = LoadYaml(Path.Combine(Deploy, "prometheus", "prometheus.yml"));
        var ruleFiles = ((YamlSequenceNode)config.Children["rule_files"]).Children.Select(n => n.ToString());
        Assert.All(ruleFiles, f => Assert.True(File.Exists(Path.Combine(Deploy, "prometheus", f)), f));
        Assert.Equal(13, AlertExpressions().Count());
    }

    private static async Task<string> ScrapeAfterEveryEventAsync()
    {
        var controlPlane = Directory.CreateTempSubdirectory("monitoring-").FullName;
        await using var stable = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0");
        await using var canary = await ModelHostServer.StartTrackedAsync(controlPlane, "canary", "1.1.0");
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, GatewayServer.FlagsJson(50, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", "http://127.0.0.1:9/"), ("ControlPlane:Directory", controlPlane));
        await using var noCache = await GatewayServer.StartAsync(stable.BaseAddress, ("ConnectionStrings:Redis", "127.0.0.1:9"));
        await Readiness.UntilAsync(async () =>
        {
            var status = await gateway.Admin().ModelStatusAsync();
            return (string?)status["tracks"]!["canary"]!["model_version"] == "1.1.0" && status["tracks"]!["stable"]!["instances"]!.AsArray().Count > 0;
        }, what: "the canary's version and the stable host to be known");

        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict") { Content = new StringContent(ChurnSamples.PredictBody(i % 5, 1), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
            request.Headers.Add("X-User-Id", $"monitoring-{i}");
            (await gateway.Client.SendAsync(request)).Dispose();
            (await noCache.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1))).Dispose();
        }

        using (var rollback = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/rollback", new { reason = "monitoring test" }))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        using (var promote = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "monitoring test", force = true }))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        var job = await JobCalls.StartAsync(noCache.Client, [ChurnSamples.InstanceLine(0), "not json"]);
        await JobCalls.FinishedAsync(noCache.Client, job);
        await Readiness.UntilAsync(async () => (await gateway.Admin().GetStringAsync("/metrics")).Contains("gateway_shadow_dropped", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the undeliverable mirror records to be counted");
        return await gateway.Admin().GetStringAsync("/metrics") + await noCache.Admin().GetStringAsync("/metrics") + await ScrapeShadowCompareAsync(stable)
            + await stable.Client.GetStringAsync("/metrics");
    }

    // ShadowCompare after records compared against a live shadow, records against a dead one (its breaker opens), a
    // gateway's report of what it dropped, and its inputs' drift.
    private static async Task<string> ScrapeShadowCompareAsync(LoopbackServer modelHost)
    {
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:live:Url", modelHost.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:Shadows:dead:Url", "http://127.0.0.1:9/"),
            ("ShadowCompare:Models:churn:Shadows:dead:TimeoutMilliseconds", "500"),
            ("ShadowCompare:Models:churn:Shadows:dead:BreakSeconds", "600"),
            ("ShadowCompare:ModelStore", RepositoryPaths.Models));
        var records = new JsonArray();
        for (var i = 0; i < 12; i++)
        {
            var input = ChurnSamples.PredictBody(i, 1);
            using var answer = await modelHost.Client.PostRawAsync("/v1/models/churn:predict", input);
            records.Add(new JsonObject
            {
                ["model"] = "churn", ["api"] = "v1", ["request_id"] = $"monitoring-{i}", ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["input"] = JsonNode.Parse(input),
                ["primary"] = new JsonObject { ["version"] = "1.0.0", ["track"] = "stable", ["output"] = JsonNode.Parse(await answer.Content.ReadAsStringAsync()), ["latency_ms"] = 1.5 },
            });
        }

        var client = compare.Client;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/mirror")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["records"] = records, ["dropped"] = new JsonObject { ["churn"] = new JsonObject { ["queue_full"] = 3 } } }),
        };
        using (var posted = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await Readiness.UntilAsync(async () => DeadShadowDown().IsMatch(await client.GetStringAsync("/metrics")), TimeSpan.FromSeconds(60), "the dead shadow's breaker to open");
        // The drift series: measured once a minute; measured now, once the records' inputs are counted.
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ShadowCompare.Storage.ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(60), "every record compared");
        await compare.Service<ShadowCompare.Drift.DriftMonitor>().RefreshAsync(CancellationToken.None);
        // The exporter keeps a scrape for a moment: the next ones show the drift series.
        await Readiness.UntilAsync(async () => (await client.GetStringAsync("/metrics")).Contains("shadowcompare_drift_drifted{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the drift series to be scraped");
        // A report computes the candidate's release score, which its series then shows.
        (await client.GetStringAsync("/reports/churn.json")).ToString();
        await Readiness.UntilAsync(async () => (await client.GetStringAsync("/metrics")).Contains("shadowcompare_release_score{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the release score to be scraped");
        return await client.GetStringAsync("/metrics");
    }

    private static IEnumerable<string> AlertExpressions() =>
        ((YamlSequenceNode)LoadYaml(Path.Combine(Deploy, "prometheus", "alerts.yml")).Children["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)((YamlMappingNode)g).Children["rules"]).Children)
            .Select(r => ((YamlMappingNode)r).Children["expr"].ToString());

    private static IEnumerable<string> DashboardExpressions() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana", "dashboard.json")))!["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"(gateway|shadowcompare|modelhost)_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^shadowcompare_shadow_down\{[^}]*shadow=""dead""[^}]*\} 1", RegexOptions.Multiline)]
    private static partial Regex DeadShadowDown();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex SeriesSuffix();
}
