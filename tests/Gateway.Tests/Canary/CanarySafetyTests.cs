using System.Net;
using Gateway.Analysis;
using Gateway.Audit;
using Gateway.Flags;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Canary;

public sealed class CanarySafetyTests
{
    private static readonly (string, string?)[] FastAnalysis =
    [
        ("Gateway:Canary:Analysis:MinimumRequests", "20"),
        ("Gateway:Canary:Analysis:IntervalMilliseconds", "100"),
        ("Gateway:VersionPollSeconds", "1"),
    ];

    [Fact]
    public async Task Analysis_CanaryAnswering500_RolledBackToZeroWithReason()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 50, FastAnalysis);

        var reason = await DriveUntilRolledBackAsync(gateway);
        Assert.Contains("error rate", reason, StringComparison.Ordinal);
        Assert.Equal(0, gateway.Service<CanaryFlags>().Share("churn"));
    }

    [Fact]
    public async Task Analysis_OneCallerStickyOnAFailingCanary_CountsOnce_CannotRollItBack()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 50, FastAnalysis);

        // The attack: try identities until one lands on the canary (each try one call, as any caller), then send
        // enough calls as that one to fill the canary's window many times over.
        var onCanary = -1;
        for (var user = 0; onCanary < 0; user++)
        {
            if (await PredictAsync(gateway, user, "scan") != HttpStatusCode.OK)
            {
                onCanary = user;
            }
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.NotEqual(HttpStatusCode.OK, await PredictAsync(gateway, onCanary, "scan"));
        }

        // Ten analysis intervals: without the cap, 100 errors against a handful of stable answers roll back in one.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(50, gateway.Service<CanaryFlags>().Share("churn"));
        var canaryWindow = (await gateway.Admin().ModelStatusAsync())["tracks"]!["canary"]!;
        Assert.True((long)canaryWindow["backend_answers"]! <= 1, canaryWindow.ToJsonString());

        // Many callers on the same canary still roll it back.
        Assert.Contains("error rate", await DriveUntilRolledBackAsync(gateway), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analysis_CanarySlowingDown_RolledBackWithLatencyReason()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var answer = await stable.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        var body = await answer.Content.ReadAsStringAsync();
        await using var canary = await ScriptedBackend.StartAsync(async context =>
        {
            await Task.Delay(250, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        });
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 50, FastAnalysis);

        var reason = await DriveUntilRolledBackAsync(gateway, parallel: 8);
        Assert.Contains("median latency", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_CanaryModelHostStopped_NoFailedRequestsAndCanaryRolledBack()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 50, FastAnalysis);
        await gateway.WaitUntilReadyAsync("/readyz");
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PredictAsync(gateway, i));
        }

        await canary.DisposeAsync();
        var statuses = new List<HttpStatusCode>();
        var reason = await DriveUntilRolledBackAsync(gateway, statuses: statuses);
        Assert.Contains("error rate", reason, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.NotEmpty(statuses);
    }

    [Fact]
    public async Task Predict_CanaryAnswering503_StableAnswersEveryCall_CanaryRolledBack()
    {
        // A canary that cannot take calls now (loading, queue full) says so with 503: its callers get stable's answer,
        // and the analysis still sees the canary failing.
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = "the server is still loading its models" }, statusCode: 503).ExecuteAsync(context);
        });
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 50, FastAnalysis);

        var statuses = new List<HttpStatusCode>();
        var reason = await DriveUntilRolledBackAsync(gateway, statuses: statuses);
        Assert.Contains("error rate", reason, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Predict_FlagChangesUnderLoad_NoFailedRequests()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 0);
        await gateway.WaitUntilReadyAsync("/readyz");

        using var stop = new CancellationTokenSource();
        var failures = 0;
        var sent = 0;
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                Interlocked.Increment(ref sent);
                if (await PredictAsync(gateway, (worker * 100_000) + i) != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        foreach (var percent in new[] { 5.0, 25, 50, 100, 0, 100, 10, 0 })
        {
            await gateway.Admin().SetCanaryAsync(percent);
            await Task.Delay(150);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.Equal(0, failures);
    }

    // Calls with fresh user ids (so cache hits do not hide the canary) until the analysis sets the canary to 0 %.
    private static async Task<string> DriveUntilRolledBackAsync(LoopbackServer gateway, int parallel = 2, List<HttpStatusCode>? statuses = null)
    {
        var next = 0;
        await Readiness.UntilAsync(async () =>
        {
            var answered = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => PredictAsync(gateway, Interlocked.Increment(ref next))));
            statuses?.AddRange(answered);
            return gateway.Service<CanaryFlags>().Share("churn") == 0;
        }, TimeSpan.FromSeconds(60), "the canary to be rolled back");

        var status = await gateway.Admin().ModelStatusAsync();
        Assert.Equal(AuditActions.AutoRollback, (string?)status["last_rollback"]!["action"]);
        Assert.Equal(CanaryAnalyzer.Actor, (string?)status["last_rollback"]!["actor"]);
        return (string)status["last_rollback"]!["reason"]!;
    }

    private static Task<HttpStatusCode> PredictAsync(LoopbackServer gateway, int user, string callers = "safety") => FleetCalls.PredictAsync(gateway, user, callers);
}
