using Microsoft.Extensions.Options;
using ShadowCompare.Ingest;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare;

/// <summary>Registers <c>serve</c>: options, the store, the comparison worker, reports and the gate.</summary>
internal static class ShadowCompareServiceCollectionExtensions
{
    public const string ServiceName = "shadowcompare";
    public const string InstrumentationName = "ShadowCompare";

    public static WebApplicationBuilder AddShadowCompare(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName, InstrumentationName);
        builder.AddNativeHeapTrimming();
        // One log line per shadow call would drown the log; failures are logged by the worker.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        var services = builder.Services;
        services.AddOptions<ShadowCompareOptions>().Bind(builder.Configuration.GetSection("ShadowCompare")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShadowCompareOptions>, ShadowCompareOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ComparisonStore(sp.GetRequiredService<IOptions<ShadowCompareOptions>>().Value.Store));
        services.AddSingleton<ReportService>();
        services.AddHttpClient(ManifestFacts.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(2));
        services.AddSingleton(s =>
        {
            var clients = s.GetRequiredService<IHttpClientFactory>();
            return new ManifestFacts(() => clients.CreateClient(ManifestFacts.HttpClientName), s.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<Drift.ReferenceCatalog>();
        services.AddSingleton<Drift.DriftMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Drift.DriftMonitor>());
        // Each call has its own timeout (per shadow); the client's own is only a backstop.
        services.AddHttpClient(ComparisonWorker.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<Telemetry.ShadowCompareMetrics>();
        services.AddSingleton<ComparisonWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ComparisonWorker>());
        services.AddHostedService<Retention.RetentionWorker>();
        return builder;
    }

    public static WebApplication MapShadowCompare(this WebApplication app)
    {
        app.MapServiceDefaults();
        app.MapGet("/healthz", () => Results.Json(new { status = "alive" }));
        app.MapIngest();
        app.MapReports();
        Gate.GateEndpoints.MapGate(app);
        return app;
    }
}
