using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelHost.Tests.Infrastructure;

/// <summary>A real ModelHost on Kestrel at 127.0.0.1 with a free port, in this process, composed exactly as Program.cs does.</summary>
internal sealed class ModelHostServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MemoryConfigurationProvider _settings;

    private ModelHostServer(WebApplication app, MemoryConfigurationProvider settings)
    {
        _app = app;
        _settings = settings;
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
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddModelHost();
        var app = builder.Build();
        app.MapModelHost();
        await app.StartAsync();

        var provider = ((IConfigurationRoot)app.Configuration).Providers.OfType<MemoryConfigurationProvider>().Last();
        var server = new ModelHostServer(app, provider);
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

    /// <summary>Changes configuration while running and raises the reload signal, as a changed appsettings file would.</summary>
    public void Reconfigure(string key, string? value)
    {
        _settings.Set(key, value);
        ((IConfigurationRoot)_app.Configuration).Reload();
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
