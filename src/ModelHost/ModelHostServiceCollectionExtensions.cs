using Microsoft.Extensions.Options;
using ModelHost.Fleet;
using ModelHost.Grpc;
using ModelHost.Inference;
using ModelHost.Models;
using ModelHost.Repository;
using ModelHost.Store;
using ModelHost.Telemetry;

namespace ModelHost;

/// <summary>Registers the ModelHost: options, model store, loader, registry and the reconciler that keeps them in step.</summary>
internal static class ModelHostServiceCollectionExtensions
{
    public static WebApplicationBuilder AddModelHost(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ModelHostConfig.ServiceName, ModelHostConfig.InstrumentationName);
        var services = builder.Services;
        // Checked at start (Program.cs), where a bad key stops the process. A reload that fails the same check is
        // logged and ignored by the monitor (AddLastGoodOptions): the last good settings stay, for every reader.
        ModelPins.AddSource(builder.Configuration, builder.Configuration[$"{ModelHostConfig.Section}:{nameof(ModelHostOptions.PinsFile)}"] ?? new ModelHostOptions().PinsFile);
        services.AddOptions<ModelHostOptions>().Bind(builder.Configuration.GetSection(ModelHostConfig.Section));
        services.AddLastGoodOptions<ModelHostOptions, ModelHostOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(HttpModelStore), c => c.Timeout = TimeSpan.FromMinutes(5));
        services.AddSingleton<IModelStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ModelHostOptions>>().Value;
            return HttpModelStore.IsHttpUrl(options.Store)
                ? new HttpModelStore(
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HttpModelStore)),
                    new Uri(options.Store.TrimEnd('/') + "/"),
                    options.CacheDirectory,
                    options.MaxModelBytes)
                : new FolderModelStore(Path.GetFullPath(options.Store, builder.Environment.ContentRootPath));
        });
        services.AddSingleton<ModelHostMetrics>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<ModelPins>();
        builder.AddFleet();
        services.AddHostedService<ModelReconciler>();

        // Kestrel refuses larger bodies before they are read; the handlers check the same cap for chunked ones.
        var maxBody = builder.Configuration.GetValue($"{ModelHostConfig.Section}:{nameof(ModelHostOptions.MaxRequestBodyBytes)}", new ModelHostOptions().MaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.AddModelHostGrpc(maxBody);
        return builder;
    }
}
