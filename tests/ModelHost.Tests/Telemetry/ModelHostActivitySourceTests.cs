using System.Diagnostics;

namespace ModelHost.Tests.Telemetry;

public sealed class ModelHostActivitySourceTests
{
    [Fact]
    public async Task Predict_WithTraceparent_InferenceSpanJoinsTheCallersTrace()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        using var recorder = new SpanRecorder("ModelHost");

        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(0, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var client = SpanRecorder.ClientWithoutPropagation(host.BaseAddress);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var span = Assert.Single(recorder.Spans, s => s.TraceId == traceId && s.Source.Name == "ModelHost");

        Assert.Equal("infer churn", span.DisplayName);
        Assert.Equal("1.0.0", span.GetTagItem("version"));
        Assert.Equal("Success", span.GetTagItem("outcome"));
    }
}
