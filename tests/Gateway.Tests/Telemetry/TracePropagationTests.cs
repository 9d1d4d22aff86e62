using System.Diagnostics;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Telemetry;

public sealed class TracePropagationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Predict_WithTraceparent_ModelHostsInferenceSpanIsInTheCallersTrace()
    {
        using var recorder = new SpanRecorder("ModelHost");
        var traceId = ActivityTraceId.CreateRandom();
        using var client = SpanRecorder.ClientWithoutPropagation(fixture.Gateway.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(950, 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.CacheControl = new() { NoCache = true };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.Contains(recorder.Spans, s => s.TraceId == traceId && s.DisplayName == "infer churn");
    }
}
