using System.Text;

namespace EndToEnd.Tests.Telemetry;

/// <summary>
/// The stack ./run.sh serves sends its telemetry to the local viewer it starts (the Aspire dashboard), and one request
/// can be followed there: gateway → stable ModelHost in the request's trace, and its mirror's comparison (ShadowCompare
/// → the shadow ModelHost) in a trace linked to it.
/// </summary>
public sealed class DashboardTraceTests
{
    [Fact]
    public async Task MirroredPredict_TraceAndLinkedComparisonTrace_ReachTheDashboard()
    {
        await using var stack = await StackRun.StartAsync(flagsJson: GatewayServer.FlagsJson(0, shadowSample: 100), dashboard: true);
        using var dashboard = new DashboardTelemetry(Stack.Topology.LocalTopology.Url(stack.Plan.Ports.Dashboard));
        using var gateway = stack.Gateway();

        using var answer = await gateway.PostAsync("/v1/models/churn:predict", new StringContent(ChurnSamples.PredictBody(3, 1), Encoding.UTF8, "application/json"));
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
