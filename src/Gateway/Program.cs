using Gateway;

// Before the host starts its threads, each of which would otherwise get a malloc arena of its own (NativeHeap).
NativeHeap.LimitArenas();

// A bad setting stops the gateway with one line per key (ServiceHost), not a stack trace.
return await ServiceHost.RunAsync("gateway", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGateway();

    var app = builder.Build();
    GatewayStartupCheck.Check(app.Services);
    app.MapGateway();
    await app.RunAsync();
});
