using System.Diagnostics;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Telemetry;

public sealed class TracePropagationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Predict_WithTraceparent_ModelHostsInferenceSpanIsInTheCallersTrace()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "ModelHost" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var traceId = ActivityTraceId.CreateRandom();

        // A client that sends the traceparent as given, like a caller outside this process would.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = fixture.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(950, 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.CacheControl = new() { NoCache = true };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        lock (spans)
        {
            Assert.Contains(spans, s => s.TraceId == traceId && s.DisplayName == "infer churn");
        }
    }
}
