using System.Net;

namespace EndToEnd.Tests.Fleet;

/// <summary>Promotion with three gateway replicas and two stable ModelHosts on one Redis: every stable host serves the new version, and a restarted one still does.</summary>
public sealed class FleetPromotionTests
{
    [Fact]
    public async Task Promote_ThroughOneReplica_BothStableHostsServeIt_ARestartedHostStillDoes()
    {
        await using var redis = await RedisServer.StartAsync();
        var stable = new[] { await HostAsync(redis, "stable", "1.0.0", "stable-a"), await HostAsync(redis, "stable", "1.0.0", "stable-b") };
        await using var canary = await HostAsync(redis, "canary", "1.1.0", "canary-a");
        var gateways = new List<LoopbackServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // Each replica is configured with one stable address only: the other host comes from the heartbeats.
                gateways.Add(await GatewayServer.StartAsync(stable[0].BaseAddress, canary.BaseAddress, 10,
                    ("ControlPlane:Redis", redis.ConnectionString), ("ControlPlane:InstanceId", GatewayFleet.InstanceId(i))));
            }

            foreach (var gateway in gateways)
            {
                await Readiness.UntilAsync(async () =>
                {
                    var status = await gateway.Admin().ModelStatusAsync();
                    return (int?)status["tracks"]!["stable"]!["backends"] == 2 && (string?)status["tracks"]!["canary"]!["model_version"] == "1.1.0";
                }, TimeSpan.FromSeconds(30), "every replica to route to both stable hosts");
            }

            using var response = await gateways[1].Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "fleet drill" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var host in stable)
            {
                Assert.Equal("1.1.0", await ServingAsync(host));
            }

            // A restarted host reads the desired version before it loads anything: it never serves the old one.
            await stable[0].DisposeAsync();
            stable[0] = await HostAsync(redis, "stable", "1.0.0", "stable-a-restarted");
            Assert.Equal("1.1.0", await ServingAsync(stable[0]));

            foreach (var gateway in gateways)
            {
                Assert.Equal(0, (double)(await gateway.Admin().ModelStatusAsync())["canary"]!["configured_percent"]!);
                using var predict = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(3, 1));
                Assert.Equal("1.1.0", predict.Headers.GetValues("X-Model-Version").Single());
            }
        }
        finally
        {
            foreach (var server in gateways.Concat(stable))
            {
                await server.DisposeAsync();
            }
        }
    }

    private static Task<LoopbackServer> HostAsync(RedisServer redis, string track, string version, string id) =>
        ModelHostServer.StartAsync(RepositoryPaths.Models,
            ("ModelHost:Models:churn", version), ("ModelHost:Track", track), ("ControlPlane:Redis", redis.ConnectionString), ("ControlPlane:InstanceId", id));

    private static async Task<string?> ServingAsync(LoopbackServer host)
    {
        using var metadata = await host.Client.GetAsync("/v2/models/churn");
        return (string?)(await metadata.ReadObjectAsync())["versions"]![0];
    }
}
