using ModelHost;

namespace ShadowCompare.Offline;

/// <summary>
/// A ModelHost serving one model version on 127.0.0.1 inside this process, for the offline runs: the same store,
/// loading, warm-up and protocol code as production, so a release check measures what would be deployed.
/// </summary>
internal sealed class EphemeralModelHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _pins;

    private EphemeralModelHost(WebApplication app, string pins)
    {
        _app = app;
        _pins = pins;
        BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public static async Task<EphemeralModelHost> StartAsync(string store, string model, string version, CancellationToken cancellationToken)
    {
        var pins = Path.Combine(Path.GetTempPath(), $"shadowcompare-pins-{Guid.NewGuid():N}.json");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        foreach (var file in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.FileConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(file);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A folder is relative to where the command runs, not to this program's folder.
            ["ModelHost:Store"] = ModelHost.Store.HttpModelStore.IsHttpUrl(store) ? store : Path.GetFullPath(store),
            [$"ModelHost:Models:{model}"] = version,
            ["ModelHost:PinsFile"] = pins,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddModelHost();
        var app = builder.Build();
        app.MapModelHost();
        await app.StartAsync(cancellationToken);
        var host = new EphemeralModelHost(app, pins);
        await host.WaitUntilServingAsync(model, version, cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_pins);
    }

    private async Task WaitUntilServingAsync(string model, string version, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            using (var ready = await http.GetAsync("v2/health/ready", limit.Token))
            {
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }

            // A version that cannot be loaded is refused at once, with the store's reason.
            using var models = await http.GetAsync("v2/models", limit.Token);
            var state = System.Text.Json.Nodes.JsonNode.Parse(await models.Content.ReadAsStringAsync(limit.Token))?["models"]?.AsArray()
                .FirstOrDefault(m => (string?)m?["name"] == model);
            if ((string?)state?["reason"] is { Length: > 0 } reason)
            {
                throw new InvalidOperationException($"{model} {version} could not be loaded: {reason}");
            }

            await Task.Delay(50, limit.Token);
        }
    }
}
