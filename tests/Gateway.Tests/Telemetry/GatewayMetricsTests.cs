using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Telemetry;

public sealed class GatewayMetricsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Metrics_AfterTraffic_ExposeRequestBackendCacheAndValidationInstruments()
    {
        var client = fixture.Gateway.Client;
        var body = ChurnSamples.PredictBody(900, 1);
        using (await client.PostRawAsync("/v1/models/churn:predict", body))
        using (await client.PostRawAsync("/v1/models/churn:predict", body))
        using (await client.PostRawAsync("/v1/models/churn:predict", "{}"))
        {
        }

        var text = await fixture.Gateway.Admin().GetStringAsync("/metrics");
        Assert.Contains("gateway_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"hit\"", text, StringComparison.Ordinal);
        Assert.Contains("gateway_backend_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("gateway_cache_hits", text, StringComparison.Ordinal);
        Assert.Contains("gateway_cache_misses", text, StringComparison.Ordinal);
        Assert.Contains("gateway_validation_failures", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ExposeTheRuntimesGarbageCollectorAndMemory()
    {
        var text = await fixture.Gateway.Admin().GetStringAsync("/metrics");
        Assert.Contains("dotnet_gc_last_collection_memory_committed_size_bytes", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_jit_compiled_methods_total", text, StringComparison.Ordinal);
    }
}
