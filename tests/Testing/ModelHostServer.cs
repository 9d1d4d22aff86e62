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

    /// <summary>
    /// A host of <paramref name="track"/> on the local control plane in <paramref name="controlPlane"/> (a folder a
    /// gateway shares), serving churn <paramref name="version"/> until the control plane desires another.
    /// </summary>
    public static Task<LoopbackServer> StartTrackedAsync(string controlPlane, string track, string version, string? store = null) =>
        StartAsync(store ?? RepositoryPaths.Models,
            ("ModelHost:Models:churn", version), ("ModelHost:Track", track), ("ControlPlane:Directory", controlPlane), ("ControlPlane:InstanceId", $"{track}-{Guid.NewGuid():N}"));

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
