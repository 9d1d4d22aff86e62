using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace ModelHost.Tests.Infrastructure;

/// <summary>A real HTTP model store: Kestrel on 127.0.0.1 serving a store folder's files, with a gate that can hold back weights.</summary>
internal sealed class StaticStoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _weightsGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StaticStoreServer(WebApplication app, bool holdWeights)
    {
        _app = app;
        if (!holdWeights)
        {
            _weightsGate.SetResult();
        }
    }

    public string Url => _app.Urls.First() + "/store/";

    public int WeightRequests { get; private set; }

    public static async Task<StaticStoreServer> StartAsync(string folder, bool holdWeights = false)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new StaticStoreServer(app, holdWeights);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.Value!.EndsWith("/model.onnx", StringComparison.Ordinal))
            {
                server.WeightRequests++;
                await server._weightsGate.Task;
            }

            await next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/store",
            FileProvider = new PhysicalFileProvider(folder),
            ServeUnknownFileTypes = true,
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>Lets held-back weight downloads proceed.</summary>
    public void ReleaseWeights() => _weightsGate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseWeights();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
