using System.Net;

namespace Gateway.Tests.Access;

/// <summary><c>X-Forwarded-For</c> names the client only when the call comes from a configured trusted proxy.</summary>
public sealed class TrustedProxiesTests
{
    private static async Task<HttpStatusCode> PredictAsync(LoopbackServer gateway, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(1, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await gateway.Client.SendAsync(request);
        return response.StatusCode;
    }

    // One call to warm the path, then five at once, each claiming another client address: with one bucket of one call
    // a second (as when the header is ignored) at most two of them pass; with a bucket per address, all five.
    private static async Task<int> PassingAsync(LoopbackServer gateway)
    {
        await PredictAsync(gateway, "198.51.100.1");
        var answers = await Task.WhenAll(Enumerable.Range(2, 5).Select(i => PredictAsync(gateway, $"198.51.100.{i}")));
        return answers.Count(a => a == HttpStatusCode.OK);
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_EachClientHasItsOwnLimit()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress,
            ("Gateway:Access:AnonymousPermitsPerSecond", "1"), ("Gateway:Access:TrustedProxies:0", "127.0.0.0/8"));

        Assert.Equal(5, await PassingAsync(gateway));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.0/8")]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnored_AClientCannotPickItsAddress(string? trusted)
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        (string, string?)[] settings = trusted is null
            ? [("Gateway:Access:AnonymousPermitsPerSecond", "1")]
            : [("Gateway:Access:AnonymousPermitsPerSecond", "1"), ("Gateway:Access:TrustedProxies:0", trusted)];
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, settings);

        Assert.InRange(await PassingAsync(gateway), 0, 2);
    }

    [Fact]
    public async Task Start_TrustedProxyNotAnAddress_StopsNamingTheKey()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            GatewayServer.StartAsync(stable.BaseAddress, ("Gateway:Access:TrustedProxies:0", "proxy.example")));
        Assert.Contains("Gateway:Access:TrustedProxies", failure.ToString(), StringComparison.Ordinal);
    }
}
