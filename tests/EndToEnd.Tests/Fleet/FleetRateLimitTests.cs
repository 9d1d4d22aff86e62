using System.Net;

namespace EndToEnd.Tests.Fleet;

/// <summary>A caller's rate limit with two replicas on one Redis: one bucket for the fleet, and a bucket per replica when Redis is gone.</summary>
public sealed class FleetRateLimitTests
{
    private const string Key = "fleet-rate-limit-key-7d0c2b91";

    private static readonly (string, string?)[] Limited =
    [
        ("Gateway:Access:ApiKeys:team-a:Key", Key),
        ("Gateway:Access:ApiKeys:team-a:PermitsPerSecond", "1"),
        ("Gateway:Access:ApiKeys:team-a:Burst", "6"),
    ];

    [Fact]
    public async Task ApiKeyLimit_CallsSpreadOverTwoReplicas_DrawOnOneBucket_AndRedisGoneIsNeverAnError()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var fleet = await GatewayFleet.StartAsync(2, stable.BaseAddress, null, 0, Limited);

        var statuses = await SendAsync(fleet, 20);
        // A bucket per replica would let 12 through at once; one shared bucket lets its 6 through, and a refill or two.
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 6, 9);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));

        // Redis gone: each replica counts on its own (a bucket of 6 each, unused so far), and nothing fails.
        await fleet.Redis.StopAsync();
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(async () => (bool?)(await replica.Admin().ModelStatusAsync())["flags"]!["reachable"] == false,
                TimeSpan.FromSeconds(10), "every replica to see the control plane gone");
        }

        var withoutRedis = await SendAsync(fleet, 20);
        Assert.All(withoutRedis, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.InRange(withoutRedis.Count(s => s == HttpStatusCode.OK), 12, 16);
    }

    private static async Task<List<HttpStatusCode>> SendAsync(GatewayFleet fleet, int calls)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < calls; i++)
        {
            var replica = fleet.Replicas[i % 2]!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
            {
                Content = new StringContent(ChurnSamples.PredictBody(i, 1), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", Key);
            using var response = await replica.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
