using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelHost.Tests.Infrastructure;

/// <summary>A real ModelHost on Kestrel at 127.0.0.1 with a free port, in this process, composed exactly as Program.cs does.</summary>
internal sealed class ModelHostServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _settingsFile;

    private ModelHostServer(WebApplication app, Dictionary<string, string?> settings, string settingsFile)
    {
        _app = app;
        _settings = settings;
        _settingsFile = settingsFile;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host; <paramref name="waitUntilReady"/> waits for the first load pass through the readiness endpoint.</summary>
    public static async Task<ModelHostServer> StartAsync(IDictionary<string, string?> settings, bool waitUntilReady = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var own = new Dictionary<string, string?>(settings);
        var file = Path.Combine(Path.GetTempPath(), $"modelhost-settings-{Guid.NewGuid():N}.json");
        Write(file, own);
        builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        builder.AddModelHost();
        var app = builder.Build();
        app.MapModelHost();
        await app.StartAsync();

        var server = new ModelHostServer(app, own, file);
        if (waitUntilReady)
        {
            await server.WaitUntilReadyAsync();
        }

        return server;
    }

    public static Task<ModelHostServer> StartAsync(string store, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["ModelHost:Store"] = store };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return StartAsync(all);
    }

    public async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Client.GetAsync("/v2/health/ready", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            // Polls readiness, the signal a load balancer uses, rather than sleeping a guessed time.
            await Task.Delay(20, timeout.Token);
        }
    }

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

    // Flat keys with ':' are configuration paths in a JSON file as they are in memory.
    private static void Write(string file, Dictionary<string, string?> settings) =>
        File.WriteAllText(file, JsonSerializer.Serialize(settings));

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_settingsFile);
    }
}
