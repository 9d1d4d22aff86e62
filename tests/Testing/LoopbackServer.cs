using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Testing;

/// <summary>
/// One of the project's services on real Kestrel at 127.0.0.1 with a free port, in this process, composed by the
/// same Add/Map calls as its Program.cs. Its settings live in a JSON file that tests can rewrite and reload.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, string?> _settings;
    private readonly Dictionary<Uri, HttpClient> _clients = [];
    private readonly string _settingsFile;

    private LoopbackServer(WebApplication app, Dictionary<string, string?> settings, string settingsFile)
    {
        _app = app;
        _settings = settings;
        _settingsFile = settingsFile;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A client for another of the service's listeners (the gateway's admin listener), disposed with the server.</summary>
    public HttpClient ClientFor(Uri address)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(address, out var client))
            {
                client = new HttpClient { BaseAddress = address, Timeout = Client.Timeout };
                _clients[address] = client;
            }

            return client;
        }
    }

    /// <summary>Builds and starts a service; only <paramref name="baseSettingsFile"/> (if any) and <paramref name="settings"/> configure it.</summary>
    public static async Task<LoopbackServer> StartAsync(
        Action<WebApplicationBuilder> add, Action<WebApplication> map, IDictionary<string, string?> settings, string? baseSettingsFile = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        // Only what the test says: not whichever service's appsettings.json landed in the test's output folder.
        foreach (var appsettings in builder.Configuration.Sources.OfType<FileConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(appsettings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (baseSettingsFile is not null)
        {
            builder.Configuration.AddJsonFile(baseSettingsFile, optional: false, reloadOnChange: false);
        }

        var own = new Dictionary<string, string?>(settings);
        var file = Path.Combine(Path.GetTempPath(), $"loopback-settings-{Guid.NewGuid():N}.json");
        Write(file, own);
        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        add(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app, own, file);
    }

    /// <summary>Polls a readiness endpoint, the signal a load balancer uses, until it answers 2xx.</summary>
    public Task WaitUntilReadyAsync(string path) => Readiness.WaitAsync(Client, path);

    /// <summary>Rewrites the settings file while running (a null value removes the key) and reloads it, as a file watcher would.</summary>
    public void Reconfigure(string key, string? value)
    {
        if (value is null)
        {
            _settings.Remove(key);
        }
        else
        {
            _settings[key] = value;
        }

        Write(_settingsFile, _settings);
        ((IConfigurationRoot)_app.Configuration).Reload();
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_settingsFile);
    }

    // Flat keys with ':' are configuration paths in a JSON file as they are in memory.
    private static void Write(string file, Dictionary<string, string?> settings) =>
        File.WriteAllText(file, JsonSerializer.Serialize(settings));
}
