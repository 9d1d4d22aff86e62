using System.Diagnostics.Metrics;
using System.Net;
using Gateway.Telemetry;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Routing;

public sealed class BackendAnswerTests
{
    private const string WrongShape = """{"predictions": [{"churn": "maybe"}], "model": {"name": "churn", "version": "9.9.9"}}""";

    [Fact]
    public async Task Predict_AnswerBreaksResponseSchema_PassedOnButLoggedAndCounted()
    {
        await using var backend = await ScriptedBackend.StartAsync(WriteJson(WrongShape));
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress, ("Gateway:ResponseCheckShare", "1"));
        using var violations = new MetricCollector<long>(gateway.Service<IMeterFactory>(), "Gateway", GatewayMetrics.ResponseSchemaViolations);

        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WrongShape, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, violations.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Predict_ResponseCheckShareHalf_ChecksASampleOfAnswers()
    {
        await using var backend = await ScriptedBackend.StartAsync(WriteJson(WrongShape));
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress, ("Gateway:ResponseCheckShare", "0.5"));
        using var violations = new MetricCollector<long>(gateway.Service<IMeterFactory>(), "Gateway", GatewayMetrics.ResponseSchemaViolations);

        for (var i = 0; i < 100; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // All or none of 100 would happen once in 2^99 runs; a sample lands well inside.
        Assert.InRange(violations.GetMeasurementSnapshot().EvaluateAsCounter(), 20, 80);
    }

    [Fact]
    public async Task Predict_AnswerBreaksResponseSchemaInStrictMode_Returns502Problem()
    {
        await using var backend = await ScriptedBackend.StartAsync(WriteJson(WrongShape));
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress, ("Gateway:StrictResponseValidation", "true"));

        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await Problem.ReadAsync(response);
        Assert.False(response.Headers.Contains("X-Model-Version"));
    }

    [Fact]
    public async Task Predict_Backend500_Returns502ProblemWithItsMessage()
    {
        await using var backend = await ScriptedBackend.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { error = "disk on fire" });
        });
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress);

        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("disk on fire", (string)(await Problem.ReadAsync(response))["detail"]!, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Predict_BackendSlowerThanClusterTimeout_Returns504ProblemWithoutHanging()
    {
        using var release = new CancellationTokenSource();
        await using var backend = await ScriptedBackend.StartAsync(async context =>
        {
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await WriteJson(WrongShape)(context);
        });
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress, ("ReverseProxy:Clusters:churn-stable:HttpRequest:ActivityTimeout", "00:00:01"));

        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        await release.CancelAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        await Problem.ReadAsync(response);
    }

    private static RequestDelegate WriteJson(string body) => async context =>
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-Model-Version"] = "9.9.9";
        await context.Response.WriteAsync(body);
    };
}
