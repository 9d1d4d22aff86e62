using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that takes a long time over every predict call, or until it is released: a shadow
/// that has gone slow.
/// </summary>
public sealed class SlowBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _released;
    private readonly Func<int> _answered;

    private SlowBackend(WebApplication app, TaskCompletionSource released, Func<int> answered) => (_app, _released, _answered) = (app, released, answered);

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>The calls answered so far.</summary>
    public int Answered => _answered();

    /// <summary>Answers every waiting call, and every later one at once.</summary>
    public void Release() => _released.TrySetResult();

    public static async Task<SlowBackend> StartAsync(TimeSpan delay)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = 0;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/models/{name}:predict", async (HttpContext context) =>
        {
            await Task.WhenAny(Task.Delay(delay, context.RequestAborted), released.Task);
            context.RequestAborted.ThrowIfCancellationRequested();
            Interlocked.Increment(ref answered);
            return Results.Json(new { predictions = Array.Empty<object>() });
        });
        await app.StartAsync();
        return new SlowBackend(app, released, () => Volatile.Read(ref answered));
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
