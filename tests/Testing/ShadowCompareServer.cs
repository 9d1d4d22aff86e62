using ShadowCompare;

namespace Testing;

/// <summary>Starts a real ShadowCompare <c>serve</c> on loopback with its own SQLite file in a fresh temporary folder.</summary>
public static class ShadowCompareServer
{
    public static Task<LoopbackServer> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(Path.Combine(Directory.CreateTempSubdirectory("shadowcompare-test-").FullName, "comparisons.db"), settings);

    public static Task<LoopbackServer> StartAsync(string store, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["ShadowCompare:Store"] = store };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LoopbackServer.StartAsync(b => b.AddShadowCompare(), a => a.MapShadowCompare(), all);
    }
}
