using Gateway;

// Before the host starts its threads, each of which would otherwise get a malloc arena of its own (NativeHeap).
NativeHeap.LimitArenas();

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();
