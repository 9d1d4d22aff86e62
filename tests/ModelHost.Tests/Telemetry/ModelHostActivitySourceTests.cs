using System.Diagnostics;

namespace ModelHost.Tests.Telemetry;

public sealed class ModelHostActivitySourceTests
{
    [Fact]
    public async Task Predict_WithTraceparent_InferenceSpanJoinsTheCallersTrace()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "ModelHost" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(0, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        // A client that sends the traceparent as given: this process's HttpClient instrumentation would start its own trace.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = host.BaseAddress };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => s.TraceId == traceId && s.Source.Name == "ModelHost");
        }

        Assert.Equal("infer churn", span.DisplayName);
        Assert.Equal("1.0.0", span.GetTagItem("version"));
        Assert.Equal("Success", span.GetTagItem("outcome"));
    }
}
