using System.Collections.Concurrent;
using System.Net;

namespace Gateway.Tests.Shadow;

/// <summary>A caller's credentials never leave with its mirrored request: not to ShadowCompare's store, not to the shadow.</summary>
public sealed class ShadowCredentialsTests
{
    private const string ApiKey = "caller-api-key-4e1d9b0c7a";
    private const string Bearer = "caller-bearer-token-8c2f5a";
    private const string Cookie = "caller-session-cookie-31b7";

    [Fact]
    public async Task Predict_WithCredentials_ShadowAndCompareStoreNeverSeeThem()
    {
        var shadowHeaders = new ConcurrentQueue<string>();
        await using var shadow = await ScriptedBackend.StartRecordingHeadersAsync(shadowHeaders);
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var store = Path.Combine(Directory.CreateTempSubdirectory("shadow-credentials-").FullName, "compare.db");
        await using var compare = await ShadowCompareServer.StartAsync(store, ("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, null, GatewayServer.FlagsJson(0, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()), ("Gateway:Shadow:FlushMilliseconds", "10"),
            ("Gateway:Access:ApiKeys:team-a:Key", ApiKey));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(3, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        request.Headers.Authorization = new("Bearer", Bearer);
        request.Headers.Add("Cookie", $"session={Cookie}");
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Readiness.UntilAsync(() => Task.FromResult(shadowHeaders.Any(h => h.StartsWith("X-Shadow", StringComparison.OrdinalIgnoreCase))),
            TimeSpan.FromSeconds(30), "the mirrored call to reach the shadow");
        var seenByShadow = string.Join('\n', shadowHeaders);
        var stored = string.Concat(Directory.GetFiles(Path.GetDirectoryName(store)!).Select(f => System.Text.Encoding.UTF8.GetString(ReadShared(f))));
        foreach (var secret in new[] { ApiKey, Bearer, Cookie })
        {
            Assert.DoesNotContain(secret, seenByShadow, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Authorization", seenByShadow, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Cookie", seenByShadow, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
