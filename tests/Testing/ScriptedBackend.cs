using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Testing;

/// <summary>
/// A real HTTP backend on 127.0.0.1 that misbehaves on purpose (wrong answers, 5xx, slowness), for the failures a
/// healthy ModelHost never shows. It answers readiness and metadata like a ModelHost so the gateway routes to it.
/// </summary>
public sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedBackend(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<ScriptedBackend> StartAsync(RequestDelegate predict)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/v2/health/ready", () => Results.Ok());
        app.MapGet("/v2/models/churn", () => Results.Json(new { name = "churn", versions = new[] { "9.9.9" } }));
        app.MapPost("/v1/models/churn:predict", predict);
        await app.StartAsync();
        return new ScriptedBackend(app);
    }

    /// <summary>A backend that answers every prediction with one fixed churn answer and writes each request header it is sent ("Name: value") to <paramref name="seen"/>.</summary>
    public static Task<ScriptedBackend> StartRecordingHeadersAsync(System.Collections.Concurrent.ConcurrentQueue<string> seen) =>
        StartAsync(async context =>
        {
            foreach (var (name, values) in context.Request.Headers)
            {
                seen.Enqueue($"{name}: {values}");
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"predictions": [{"churn": false, "probability": 0.1}], "model": {"name": "churn", "version": "9.9.9"}}""");
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
