using Microsoft.Extensions.Caching.Distributed;

namespace Gateway.Tests.Caching;

public sealed class MemoryCacheLimitTests
{
    [Fact]
    public async Task InMemoryCache_MoreAnswersThanTheLimit_HoldsAtMostTheLimit()
    {
        await using var gateway = await GatewayServer.StartAsync(new Uri("http://127.0.0.1:9/"), ("Gateway:Cache:MemoryLimitBytes", (1 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var cache = gateway.Service<IDistributedCache>();
        var answer = new byte[1024];
        const int Stored = 4096;
        for (var i = 0; i < Stored; i++)
        {
            await cache.SetAsync($"entry-{i}", answer, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
        }

        var held = 0;
        for (var i = 0; i < Stored; i++)
        {
            held += await cache.GetAsync($"entry-{i}") is null ? 0 : 1;
        }

        Assert.InRange(held, 1, (1 << 20) / answer.Length);
    }
}
