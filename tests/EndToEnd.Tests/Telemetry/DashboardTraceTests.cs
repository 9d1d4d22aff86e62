using System.Text;

namespace EndToEnd.Tests.Telemetry;

/// <summary>
/// The stack sends its telemetry to the local viewer ./run.sh starts (the Aspire dashboard), and one request can be
/// followed there: gateway → stable ModelHost in the request's trace, and its mirror's comparison (ShadowCompare → the
/// shadow ModelHost) in a trace linked to it.
/// </summary>
public sealed class DashboardTraceTests
{
    private const string CompareToken = "e2e-compare-token-3c9a71d0e2";

    [Fact]
    public async Task MirroredPredict_TraceAndLinkedComparisonTrace_ReachTheDashboard()
    {
        await using var dashboard = await AspireDashboard.StartAsync();
        var otlp = $"--OTEL_EXPORTER_OTLP_ENDPOINT={dashboard.Otlp}";
        var state = Directory.CreateTempSubdirectory("dashboard-").FullName;
        await using var stable = await ServiceProcess.StartAsync("ModelHost", otlp, $"--ModelHost:Store={RepositoryPaths.Models}",
            "--ModelHost:Models:churn=1.0.0", $"--ModelHost:PinsFile={Path.Combine(state, "stable-pins.json")}");
        await using var shadow = await ServiceProcess.StartAsync("ModelHost", otlp, $"--ModelHost:Store={RepositoryPaths.Models}",
            "--ModelHost:Models:churn=1.1.0", $"--ModelHost:PinsFile={Path.Combine(state, "shadow-pins.json")}");
        await using var compare = await ServiceProcess.StartAsync("ShadowCompare", "serve", otlp, $"--ShadowCompare:Store={Path.Combine(state, "comparisons.db")}",
            $"--ShadowCompare:IngestTokens:gateway={CompareToken}", $"--ShadowCompare:Models:churn:Shadows:next:Url={shadow.Address}");
        await File.WriteAllTextAsync(Path.Combine(state, "flags.json"), GatewayServer.FlagsJson(0, shadowSample: 100));
        await using var gateway = await ServiceProcess.StartAsync(
            "Gateway", otlp,
            $"--Gateway:SchemaDirectory={Path.Combine(RepositoryPaths.Root, "schemas")}", "--Gateway:AdminUrls=http://127.0.0.1:0",
            $"--Gateway:Canary:FlagsFile={Path.Combine(state, "flags.json")}", $"--ControlPlane:Directory={state}",
            $"--Gateway:Shadow:CompareUrl={compare.Address}", $"--Gateway:Shadow:CompareToken={CompareToken}",
            $"--ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address={stable.Address}",
            "--Gateway:Models:churn:CanaryCluster=");
        await gateway.WaitUntilReadyAsync("/readyz");
        await shadow.WaitUntilReadyAsync("/v2/health/ready");

        using var answer = await gateway.Client.PostAsync("/v1/models/churn:predict",
            new StringContent(ChurnSamples.PredictBody(3, 1), Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();

        IReadOnlyList<ReceivedSpan> spans = [];
        string? requestTrace = null;
        await Readiness.UntilAsync(async () =>
        {
            spans = await dashboard.SpansAsync();
            requestTrace = spans.FirstOrDefault(s => s.Service == "gateway" && s.Name.Contains("predict", StringComparison.OrdinalIgnoreCase))?.TraceId;
            return requestTrace is not null
                && spans.Any(s => s.Service == "modelhost" && s.TraceId == requestTrace)
                && spans.Any(s => s.Service == "shadowcompare" && s.LinkedTraces.Contains(requestTrace));
        }, TimeSpan.FromSeconds(60), "the request's trace and its comparison's to reach the dashboard");

        var comparisonTrace = spans.First(s => s.Service == "shadowcompare" && s.LinkedTraces.Contains(requestTrace!)).TraceId;
        Assert.NotEqual(requestTrace, comparisonTrace);
        await Readiness.UntilAsync(async () => (await dashboard.SpansAsync()).Any(s => s.Service == "modelhost" && s.TraceId == comparisonTrace),
            TimeSpan.FromSeconds(30), "the shadow's spans to join the comparison's trace");
    }
}
