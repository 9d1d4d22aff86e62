using ModelHost;

namespace Testing;

/// <summary>Starts a real ModelHost on loopback (see <see cref="LoopbackServer"/>).</summary>
public static class ModelHostServer
{
    public const string ReadyPath = "/v2/health/ready";

    /// <summary>Starts a host; <paramref name="waitUntilReady"/> waits for the first load pass through the readiness endpoint.</summary>
    public static async Task<LoopbackServer> StartAsync(IDictionary<string, string?> settings, bool waitUntilReady = true)
    {
        // Each host keeps its own pins (written by the repository API), and accepts the gateway tests' token.
        settings = new Dictionary<string, string?>(settings);
        settings.TryAdd("ModelHost:PinsFile", Path.Combine(Directory.CreateTempSubdirectory("modelhost-test-").FullName, "pins.json"));
        settings.TryAdd("ModelHost:AdminToken", GatewayServer.ModelHostToken);
        var server = await LoopbackServer.StartAsync(b => b.AddModelHost(), a => a.MapModelHost(), settings);
        if (waitUntilReady)
        {
            await server.WaitUntilReadyAsync(ReadyPath);
        }

        return server;
    }

    public static Task<LoopbackServer> StartAsync(string store, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["ModelHost:Store"] = store };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return StartAsync(all);
    }
}
