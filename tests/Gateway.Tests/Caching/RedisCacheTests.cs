using System.Diagnostics;
using System.Net;

namespace Gateway.Tests.Caching;

public sealed class RedisCacheTests
{
    [Fact]
    public async Task Predict_WithRedis_RepeatIsHit_RedisStoppedStill200Quickly_AndHitsResumeWhenItReturns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("ConnectionStrings:Redis", redis.ConnectionString));
        var body = ChurnSamples.PredictBody(700, 2);

        Assert.Equal("MISS", await CacheHeaderAsync(gateway, body));
        Assert.Equal("HIT", await EventuallyAsync(gateway, body, "HIT"));

        await redis.StopAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("MISS", await CacheHeaderAsync(gateway, ChurnSamples.PredictBody(800 + i, 1)));
        }

        // Twenty calls, each allowed the cache's 50 ms budget at most: nowhere near StackExchange.Redis's 5 s default per call.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"20 calls with Redis down took {clock.Elapsed}");

        await redis.StartAgainAsync();
        Assert.Equal("MISS", await EventuallyAsync(gateway, body, "MISS"));
        Assert.Equal("HIT", await EventuallyAsync(gateway, body, "HIT"));
    }

    private static async Task<string> CacheHeaderAsync(LoopbackServer gateway, string body)
    {
        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Cache").Single();
    }

    // Stores are written in the background and the cache backs off after a failure: poll rather than assume timing.
    private static async Task<string> EventuallyAsync(LoopbackServer gateway, string body, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var header = await CacheHeaderAsync(gateway, body);
            if (header == expected)
            {
                return header;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
