using System.Net;
using Gateway;
using Gateway.Analysis;
using Gateway.Audit;
using Gateway.Flags;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace EndToEnd.Tests.Fleet;

/// <summary>A bad canary whose traffic is spread over three replicas: judged on the merged windows by one lease holder, rolled back once.</summary>
public sealed class FleetCanaryAnalysisTests
{
    private const int MinimumRequests = 30;

    private static readonly (string, string?)[] Analysis =
    [
        ("Gateway:Canary:Analysis:MinimumRequests", MinimumRequests.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Gateway:Canary:Analysis:IntervalMilliseconds", "100"),
    ];

    [Fact]
    public async Task Analysis_FailingCanarySpreadOverThreeReplicas_RolledBackOnceOnTheMergedWindows()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var fleet = await GatewayFleet.StartAsync(3, stable.BaseAddress, canary.BaseAddress, 50, Analysis);
        var rollbacks = fleet.Running.Select(r => new MetricCollector<long>(r.Service<GatewayMetrics>().Meter, GatewayMetrics.CanaryRollbacks)).ToList();

        await DriveUntilRolledBackAsync(fleet);

        // No replica saw enough canary answers to judge alone: the merged windows decided.
        Assert.All(fleet.Running, r => Assert.True(r.Service<TrackStatistics>().For("churn", Track.Canary).Snapshot().Answered < MinimumRequests));
        await AssertRolledBackOnceAsync(fleet, rollbacks);
    }

    [Fact]
    public async Task Analysis_LeaseHolderStoppedMidWay_AnotherReplicaTakesOverAndRollsBackOnce()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var fleet = await GatewayFleet.StartAsync(3, stable.BaseAddress, canary.BaseAddress, 50, Analysis);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fleet.Redis.ConnectionString);
        var lease = (RedisKey)("igw:lease:" + CanaryAnalyzer.LeaseName);
        await Readiness.UntilAsync(async () => (await redis.GetDatabase().StringGetAsync(lease)).HasValue, TimeSpan.FromSeconds(10), "a replica to take the analysis lease");
        var holder = Enumerable.Range(0, 3).Single(i => GatewayFleet.InstanceId(i) == (string?)redis.GetDatabase().StringGet(lease));

        // Some failing calls, not enough to judge; then the holder stops, mid-analysis, and the others carry on.
        var user = 0;
        for (var i = 0; i < 10; i++)
        {
            await Task.WhenAll(fleet.Running.Select(r => PredictAsync(r, Interlocked.Increment(ref user))));
        }

        await fleet.StopAsync(holder);
        var rollbacks = fleet.Running.Select(r => new MetricCollector<long>(r.Service<GatewayMetrics>().Meter, GatewayMetrics.CanaryRollbacks)).ToList();
        await DriveUntilRolledBackAsync(fleet, user);

        var newHolder = (string?)await redis.GetDatabase().StringGetAsync(lease);
        Assert.NotEqual(GatewayFleet.InstanceId(holder), newHolder);
        await AssertRolledBackOnceAsync(fleet, rollbacks);
    }

    // One round sends a call with a fresh caller to every running replica, until every replica has the canary at 0 %.
    // The canary's 500s reach its callers as 502s until then.
    private static async Task DriveUntilRolledBackAsync(GatewayFleet fleet, int user = 0)
    {
        await Readiness.UntilAsync(async () =>
        {
            await Task.WhenAll(fleet.Running.Select(r => PredictAsync(r, Interlocked.Increment(ref user))));
            return fleet.Running.All(r => r.Service<CanaryFlags>().Share("churn") == 0);
        }, TimeSpan.FromSeconds(60), "the canary to be rolled back on every replica");
    }

    private static async Task AssertRolledBackOnceAsync(GatewayFleet fleet, List<MetricCollector<long>> rollbacks)
    {
        // A few more passes of the analysis, to see that nobody rolls it back a second time.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        foreach (var replica in fleet.Running)
        {
            using var audit = await replica.Admin().SendAdminAsync(HttpMethod.Get, "/admin/audit?model=churn");
            var automatic = (await audit.ReadObjectAsync())["records"]!.AsArray().Where(r => (string?)r!["action"] == AuditActions.AutoRollback).ToList();
            var record = Assert.Single(automatic);
            Assert.Equal(CanaryAnalyzer.Actor, (string?)record!["actor"]);
            Assert.Contains("error rate", (string?)record["reason"], StringComparison.Ordinal);
        }

        Assert.Equal(1, rollbacks.Sum(c => c.GetMeasurementSnapshot().Sum(m => m.Value)));
        foreach (var collector in rollbacks)
        {
            collector.Dispose();
        }
    }

    private static Task<HttpStatusCode> PredictAsync(LoopbackServer gateway, int user) => FleetCalls.PredictAsync(gateway, user, "fleet");
}
