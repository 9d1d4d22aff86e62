using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Access;

public sealed class ApiKeyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string TeamKey = "team-a-0123456789abcdef";
    private const string SlowKey = "slow-team-0123456789abcdef";

    [Fact]
    public async Task Predict_KeysRequired_RefusesMissingAndUnknownKeysAndServesKnownOnes()
    {
        await using var gateway = await StartAsync(("Gateway:Access:RequireApiKey", "true"));

        using (var missing = await SendAsync(gateway, key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.True(missing.Headers.WwwAuthenticate.Count > 0);
            await Problem.ReadAsync(missing);
        }

        using (var unknown = await SendAsync(gateway, "not-a-key-at-all-0000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using var known = await SendAsync(gateway, TeamKey);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task Predict_KeysOptional_ServesWithoutKeyButRefusesAWrongOne()
    {
        await using var gateway = await StartAsync();
        using (var anonymous = await SendAsync(gateway, key: null))
        {
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        }

        using var wrong = await SendAsync(gateway, "wrong-key-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Predict_KeyOverItsRate_Returns429ProblemWithRetryAfter_OtherKeysUnaffected()
    {
        await using var gateway = await StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await SendAsync(gateway, SlowKey);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.Contains("Retry-After"));
                await Problem.ReadAsync(response);
            }
        }

        // One token a second, a bucket of one: six calls in quick succession cannot all pass.
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 3, string.Join(",", statuses));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        using var other = await SendAsync(gateway, TeamKey);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private Task<LoopbackServer> StartAsync(params (string Key, string? Value)[] settings) => GatewayServer.StartAsync(
        fixture.ModelHost.BaseAddress,
        [
            ("Gateway:Access:ApiKeys:team-a:Key", TeamKey),
            ("Gateway:Access:ApiKeys:slow-team:Key", SlowKey),
            ("Gateway:Access:ApiKeys:slow-team:PermitsPerSecond", "1"),
            ("Gateway:Access:ApiKeys:slow-team:Burst", "1"),
            .. settings,
        ]);

    private static Task<HttpResponseMessage> SendAsync(LoopbackServer gateway, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(0, 1), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return gateway.Client.SendAsync(request);
    }
}
