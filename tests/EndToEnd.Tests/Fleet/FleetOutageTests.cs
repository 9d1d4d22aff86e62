using System.Net;
using Gateway.Audit;
using Gateway.Flags;
using Microsoft.AspNetCore.Http;

namespace EndToEnd.Tests.Fleet;

/// <summary>The control plane's Redis stopped under load: serving goes on with the last good flags, changes are refused, and all converges when it is back.</summary>
public sealed class FleetOutageTests
{
    [Fact]
    public async Task RedisStoppedUnderLoad_NoFailedPredictions_Writes503_RestartedEmptyIsReseededAndConverges()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var fleet = await GatewayFleet.StartAsync(3, stable.BaseAddress, canary.BaseAddress, 10);
        await fleet.Replicas[0]!.Admin().SetCanaryAsync(25);
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(() => Task.FromResult(replica.Service<CanaryFlags>().Share("churn") == 25), TimeSpan.FromSeconds(10), "every replica to have the share before the outage");
        }

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var sent = 0;
        var load = fleet.Running.Select((replica, worker) => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                Interlocked.Increment(ref sent);
                var status = await FleetCalls.PredictAsync(replica, (worker * 1_000_000) + i, "outage");
                if (status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"replica {worker + 1}: {(int)status}");
                    }
                }
            }
        })).ToList();

        await fleet.Redis.StopAsync();
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(async () => (bool?)(await replica.Admin().ModelStatusAsync())["flags"]!["reachable"] == false,
                TimeSpan.FromSeconds(10), "every replica to see the control plane gone");
            Assert.Equal(25, replica.Service<CanaryFlags>().Share("churn"));
            using var refused = await replica.Admin().SendAdminAsync(HttpMethod.Put, "/admin/models/churn/canary", new { percent = 50, reason = "during the outage" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("Control plane unreachable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Back, but empty (no persistence in the test's Redis): it is seeded again from the flags in force, not the seed file.
        await fleet.Redis.StartAgainAsync();
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(async () => (bool?)(await replica.Admin().ModelStatusAsync())["flags"]!["reachable"] == true,
                TimeSpan.FromSeconds(15), "every replica to reach the control plane again");
        }

        await Readiness.UntilAsync(async () =>
        {
            using var audit = await fleet.Replicas[1]!.Admin().SendAdminAsync(HttpMethod.Get, "/admin/audit");
            return (await audit.ReadObjectAsync())["records"]!.AsArray().Any(r => (string?)r!["action"] == AuditActions.Reseed);
        }, TimeSpan.FromSeconds(10), "a replica to seed the emptied control plane again, and say so");
        Assert.All(fleet.Running, r => Assert.Equal(25, r.Service<CanaryFlags>().Share("churn")));

        await fleet.Replicas[2]!.Admin().SetCanaryAsync(40);
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(() => Task.FromResult(replica.Service<CanaryFlags>().Share("churn") == 40), TimeSpan.FromSeconds(10), "every replica to follow the change");
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(sent > 100, $"only {sent} predictions were sent");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task RedisStopped_CanaryFailingOnOneReplica_ThatReplicaSendsItsCanaryTrafficToStable()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var fleet = await GatewayFleet.StartAsync(2, stable.BaseAddress, canary.BaseAddress, 50,
            ("Gateway:Canary:Analysis:MinimumRequests", "20"), ("Gateway:Canary:Analysis:IntervalMilliseconds", "100"));
        await fleet.Redis.StopAsync();
        var replica = fleet.Replicas[0]!;
        await Readiness.UntilAsync(async () => (bool?)(await replica.Admin().ModelStatusAsync())["flags"]!["reachable"] == false,
            TimeSpan.FromSeconds(10), "the replica to see the control plane gone");

        var user = 0;
        await Readiness.UntilAsync(async () =>
        {
            await FleetCalls.PredictAsync(replica, Interlocked.Increment(ref user), "safety");
            return replica.Service<CanaryFlags>().LocalSafety("churn") is not null;
        }, TimeSpan.FromSeconds(60), "the replica to protect its own callers");

        var status = await replica.Admin().ModelStatusAsync();
        Assert.Equal(50, (double)status["canary"]!["configured_percent"]!);
        Assert.Contains("error rate", (string?)status["canary"]!["local_safety"], StringComparison.Ordinal);
        Assert.Equal(0, replica.Service<CanaryFlags>().Share("churn"));
        Assert.Equal(50, fleet.Replicas[1]!.Service<CanaryFlags>().Share("churn"));

        // Its callers now get stable's answers, every one.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await FleetCalls.PredictAsync(replica, Interlocked.Increment(ref user), "safety"));
        }
    }
}
