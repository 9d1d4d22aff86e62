using System.Globalization;
using Gateway;

namespace Testing;

/// <summary>
/// Starts a real gateway on loopback with the shipped <c>src/Gateway/appsettings.json</c>, its churn backends pointed
/// at test ModelHosts, and a local control plane (flags and audit trail) in a fresh temporary folder, unless the
/// settings name a shared one (<c>ControlPlane:Redis</c>).
/// </summary>
public static class GatewayServer
{
    public const string AdminToken = "test-admin-token-0123456789";
    /// <summary>An API key marked trusted in every test gateway (caller <c>tests</c>): its <c>X-User-Id</c> names the end user.</summary>
    public const string TrustedApiKey = "test-trusted-api-key-0123456789";

    /// <summary>The key that seals cache entries in tests (<c>Gateway:Cache:SigningKey</c>).</summary>
    public const string CacheSigningKey = "test-cache-signing-key-0123456789abcdef";

    /// <summary>The ModelHosts' repository token in tests (<c>ModelHost:AdminToken</c>).</summary>
    public const string ModelHostToken = "test-modelhost-token-0123456789";

    /// <summary>A gateway with only a stable track.</summary>
    public static Task<LoopbackServer> StartAsync(Uri modelHost, params (string Key, string? Value)[] settings) =>
        StartAsync(modelHost, canary: null, canaryPercent: 0, settings);

    /// <summary>A gateway with a stable and, when <paramref name="canary"/> is given, a canary track at <paramref name="canaryPercent"/>.</summary>
    public static Task<LoopbackServer> StartAsync(Uri stable, Uri? canary, double canaryPercent, params (string Key, string? Value)[] settings) =>
        StartAsync(stable, canary, FlagsJson(canaryPercent), settings);

    /// <summary>A gateway whose flags file holds <paramref name="flagsJson"/>.</summary>
    public static Task<LoopbackServer> StartAsync(Uri stable, Uri? canary, string flagsJson, params (string Key, string? Value)[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("gateway-test-").FullName;
        var flags = Path.Combine(folder, "flags.json");
        File.WriteAllText(flags, flagsJson);
        var all = new Dictionary<string, string?>
        {
            ["Gateway:SchemaDirectory"] = Path.Combine(RepositoryPaths.Root, "schemas"),
            ["Gateway:Canary:FlagsFile"] = flags,
            ["ControlPlane:Directory"] = folder,
            ["Gateway:Jobs:Directory"] = Path.Combine(folder, "jobs"),
            ["Gateway:Shadow:CompareToken"] = ShadowCompareServer.Token,
            ["Gateway:Access:ApiKeys:tests:Key"] = TrustedApiKey,
            ["Gateway:Access:ApiKeys:tests:Trusted"] = "true",
            ["Gateway:AdminToken"] = AdminToken,
            ["Gateway:AdminUrls"] = "http://127.0.0.1:0",
            ["Gateway:Cache:SigningKey"] = CacheSigningKey,
            ["ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address"] = stable.ToString(),
            ["Gateway:Models:churn:CanaryCluster"] = canary is null ? "" : "churn-canary",
            ["ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address"] = (canary ?? stable).ToString(),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LoopbackServer.StartAsync(b => b.AddGateway(), a => a.MapGateway(), all, Path.Combine(RepositoryPaths.Root, "src", "Gateway", "appsettings.json"));
    }

    /// <summary>A client for the gateway's admin listener, where the admin API and /metrics are.</summary>
    public static HttpClient Admin(this LoopbackServer gateway) =>
        gateway.ClientFor(gateway.Service<Gateway.Admin.AdminListener>().Address ?? throw new InvalidOperationException("The gateway has no admin listener."));

    /// <summary>A flags file in the shipped format with churn's canary at <paramref name="percent"/>, and optionally its shadow sample.</summary>
    public static string FlagsJson(double percent, double? shadowSample = null)
    {
        const string ShadowFlag = """
            ,{"id":"churn.shadow","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Percentage","parameters":{"Value":S}}]}}
            """;
        var flags = CanaryFlagJson(percent);
        return shadowSample is not { } sample ? flags
            : flags[..^3] + ShadowFlag.Replace("S", sample.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + "]}}";
    }

    private static string CanaryFlagJson(double percent)
    {
        const string Template = """
            {"feature_management":{"feature_flags":[{"id":"churn.canary","enabled":true,
              "variants":[{"name":"stable"},{"name":"canary"}],
              "allocation":{"seed":"churn.canary","default_when_enabled":"stable",
                "percentile":[{"variant":"canary","from":0,"to":P},{"variant":"stable","from":P,"to":100}]}}]}}
            """;
        return Template.Replace("P", percent.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
