using ShadowCompare;

namespace Testing;

/// <summary>
/// Starts a real ShadowCompare <c>serve</c> on loopback with its own SQLite file in a fresh temporary folder, taking
/// <see cref="Token"/> as the gateway's ingest and read token; its client sends that token.
/// </summary>
public static class ShadowCompareServer
{
    /// <summary>The gateway's service token in tests (<c>Gateway:Shadow:CompareToken</c>).</summary>
    public const string Token = "test-compare-token-0123456789";

    public static Task<LoopbackServer> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(Path.Combine(Directory.CreateTempSubdirectory("shadowcompare-test-").FullName, "comparisons.db"), settings);

    public static async Task<LoopbackServer> StartAsync(string store, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["ShadowCompare:Store"] = store,
            ["ShadowCompare:IngestTokens:gateway"] = Token,
            ["ShadowCompare:ReadTokens:gateway"] = Token,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var server = await LoopbackServer.StartAsync(b => b.AddShadowCompare(), a => a.MapShadowCompare(), all);
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return server;
    }
}
