using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Set-up every service shares: OpenTelemetry traces and metrics, Prometheus scrape, OTLP export.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Adds OpenTelemetry metrics (Prometheus) for ASP.NET Core, HttpClient, the .NET runtime (GC, JIT, threads, memory) and the service's own meters, and tracing with OTLP export when a collector is configured.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="serviceName">The service name reported on every span and metric.</param>
    /// <param name="instrumentation">The service's own <c>Meter</c> and <c>ActivitySource</c> names.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder, string serviceName, params string[] instrumentation)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m
                .AddMeter(instrumentation)
                .AddMeter("System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());

        // Spans are recorded only where a collector receives them (OTLP, as the OpenTelemetry specification's variable
        // says): recording spans nobody reads costs a proxy a measurable share of its throughput (docs/measurements/performance-history.md).
        // Without a collector, a caller's traceparent still travels through the gateway to the model hosts unchanged.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(t => t
                    .AddSource(instrumentation)
                    .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsScrapeOrProbe(ctx.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Trims the C library's heap every <c>NativeHeap:TrimSeconds</c> (default 30; 0 turns it off), for a long-running
    /// service whose native allocations are freed on other threads than made them (<see cref="NativeHeap"/>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddNativeHeapTrimming(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NativeHeapOptions>().Bind(builder.Configuration.GetSection("NativeHeap"))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<NativeHeapTrimmer>();
        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapMetrics();
        return app;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <c>/metrics</c>, for a service that says where it is served.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The endpoint, for its metadata.</returns>
    public static IEndpointConventionBuilder MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapPrometheusScrapingEndpoint("/metrics");
    }

    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/v2/health")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
