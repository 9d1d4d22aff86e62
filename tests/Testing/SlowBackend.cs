using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Testing;

/// <summary>A real HTTP server on 127.0.0.1 that takes a long time over every predict or infer call: a shadow that has gone slow.</summary>
public sealed class SlowBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlowBackend(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<SlowBackend> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/models/{name}:predict", async (HttpContext context) =>
        {
            await Task.Delay(delay, context.RequestAborted);
            return Results.Json(new { predictions = Array.Empty<object>() });
        });
        await app.StartAsync();
        return new SlowBackend(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
