using Gateway.Assignment;
using Gateway.Flags;
using Gateway.Validation;

namespace Gateway.Micro;

/// <summary>
/// The gateway's own services, built by its own registration (<c>AddGateway</c>) over the repository's flags file
/// (churn's canary at 10 %) and schemas, and never started: the benchmarks call its parts as its pipeline does.
/// </summary>
internal sealed class GatewayServices : IAsyncDisposable
{
    /// <summary>The trusted API key the services know, so a request may name its end user in <c>X-User-Id</c>.</summary>
    public const string ApiKey = "bench-micro-api-key-0123456789abcdef";

    private readonly WebApplication _app;

    private GatewayServices(WebApplication app) => _app = app;

    public static GatewayServices Build()
    {
        var root = Repository.Root;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark", ContentRootPath = root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:SchemaDirectory"] = Path.Combine(root, "schemas"),
            ["Gateway:Models:churn:StableCluster"] = "churn-stable",
            ["Gateway:Models:churn:CacheTtlSeconds"] = "300",
            ["Gateway:Canary:FlagsFile"] = Path.Combine(root, "src", "Gateway", "flags.json"),
            [$"Gateway:Access:ApiKeys:bench:Key"] = ApiKey,
            [$"Gateway:Access:ApiKeys:bench:Trusted"] = "true",
        });
        builder.Logging.ClearProviders();
        builder.AddGateway();
        return new GatewayServices(builder.Build());
    }

    public TrackAssigner Assigner => _app.Services.GetRequiredService<TrackAssigner>();

    public CanaryFlags Flags => _app.Services.GetRequiredService<CanaryFlags>();

    public SchemaRegistry Schemas => _app.Services.GetRequiredService<SchemaRegistry>();

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
