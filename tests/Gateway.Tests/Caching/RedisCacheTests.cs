using System.Diagnostics;
using System.Net;
using StackExchange.Redis;

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

    [Fact]
    public async Task Predict_EntryForgedOrMovedInRedis_IsAMissCountedAsForged_AndTheModelAnswers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("ConnectionStrings:Redis", redis.ConnectionString));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        var first = ChurnSamples.PredictBody(710, 1);
        var second = ChurnSamples.PredictBody(711, 1);
        var firstAnswer = await AnswerAsync(gateway, first);
        var secondAnswer = await AnswerAsync(gateway, second);
        Assert.Equal("HIT", await EventuallyAsync(gateway, first, "HIT"));
        Assert.Equal("HIT", await EventuallyAsync(gateway, second, "HIT"));
        var keys = connection.GetServer(redis.ConnectionString).Keys().ToList();
        Assert.Equal(2, keys.Count);
        var entries = new List<(RedisKey Key, byte[] Data)>();
        foreach (var key in keys)
        {
            entries.Add((key, (byte[])(await database.HashGetAsync(key, "data"))!));
        }

        // Moved: each entry, with its MAC intact, written under the other request's key.
        await database.HashSetAsync(entries[0].Key, "data", entries[1].Data);
        await database.HashSetAsync(entries[1].Key, "data", entries[0].Data);
        using (var moved = await gateway.Client.PostRawAsync("/v1/models/churn:predict", first))
        {
            Assert.Equal("MISS", moved.Headers.GetValues("X-Cache").Single());
            Assert.Equal(firstAnswer, await moved.Content.ReadAsStringAsync());
        }

        // Forged: a different answer in the entry's own key, its MAC left as it was.
        var forged = (byte[])entries[0].Data.Clone();
        forged[^2] ^= 0x01;
        foreach (var (key, _) in entries)
        {
            await database.HashSetAsync(key, "data", forged);
        }

        using (var answer = await gateway.Client.PostRawAsync("/v1/models/churn:predict", second))
        {
            Assert.Equal("MISS", answer.Headers.GetValues("X-Cache").Single());
            Assert.Equal(secondAnswer, await answer.Content.ReadAsStringAsync());
        }

        // The exporter keeps a scrape for a moment: the count is read until it shows both.
        await Readiness.UntilAsync(async () =>
        {
            var metrics = await gateway.Admin().GetStringAsync("/metrics");
            var counted = metrics.Split('\n').Single(l => l.StartsWith("gateway_cache_forged_total", StringComparison.Ordinal));
            return double.Parse(counted.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 2;
        }, TimeSpan.FromSeconds(10), "both forged entries to be counted");
    }

    [Fact]
    public async Task Start_RedisWithoutASigningKey_StopsWithTheReason()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayServer.StartAsync(
            new Uri("http://127.0.0.1:9"), ("ConnectionStrings:Redis", "127.0.0.1:9"), ("Gateway:Cache:SigningKey", null)));
        Assert.Contains("Gateway:Cache:SigningKey is required", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<string> AnswerAsync(LoopbackServer gateway, string body)
    {
        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
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
