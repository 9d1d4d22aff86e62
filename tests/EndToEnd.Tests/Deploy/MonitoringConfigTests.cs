using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EndToEnd.Tests.Deploy;

/// <summary>The Prometheus alerts and the Grafana dashboard name only metrics a real gateway exports (scraped from /metrics after the events they count).</summary>
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
            Assert.True(Regex.IsMatch(scraped, $"^{metric}(_bucket|_count|_sum)?[{{ ]", RegexOptions.Multiline), $"{metric} is not exported by the gateway");
        }
    }

    [Fact]
    public void PrometheusConfig_LoadsTheAlertRulesFile_AndEveryRuleHasAnExpression()
    {
        var config = LoadYaml(Path.Combine(Deploy, "prometheus", "prometheus.yml"));
        var ruleFiles = ((YamlSequenceNode)config.Children["rule_files"]).Children.Select(n => n.ToString());
        Assert.All(ruleFiles, f => Assert.True(File.Exists(Path.Combine(Deploy, "prometheus", f)), f));
        Assert.Equal(5, AlertExpressions().Count());
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
        return await gateway.Admin().GetStringAsync("/metrics") + await noCache.Admin().GetStringAsync("/metrics");
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

    [GeneratedRegex(@"gateway_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex SeriesSuffix();
}
