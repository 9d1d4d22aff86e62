using Gateway;

namespace Testing;

/// <summary>Starts a real gateway on loopback with the shipped <c>src/Gateway/appsettings.json</c>, its churn backend pointed at a test ModelHost.</summary>
public static class GatewayServer
{
    public static Task<LoopbackServer> StartAsync(Uri modelHost, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Gateway:SchemaDirectory"] = Path.Combine(RepositoryPaths.Root, "schemas"),
            ["ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address"] = modelHost.ToString(),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LoopbackServer.StartAsync(b => b.AddGateway(), a => a.MapGateway(), all, Path.Combine(RepositoryPaths.Root, "src", "Gateway", "appsettings.json"));
    }
}
