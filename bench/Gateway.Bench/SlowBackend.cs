namespace Gateway.Bench;

/// <summary>A backend that answers every predict after a fixed delay: the slow shadow of bench/shadow.sh.</summary>
internal static class SlowBackend
{
    public static async Task<int> RunAsync(int port, int delayMilliseconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var answer = """{"predictions":[{"churn":false,"probability":0.1,"score":-2}],"model":{"name":"churn","version":"0.0.0-slow"}}""";
        app.MapPost("/v1/models/{name}:predict", async (HttpContext context) =>
        {
            await Task.Delay(delayMilliseconds, context.RequestAborted);
            context.Response.Headers["X-Model-Version"] = "0.0.0-slow";
            return Results.Text(answer, "application/json");
        });
        app.MapGet("/v2/health/ready", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }
}
