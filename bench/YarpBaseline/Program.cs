// Usage: dotnet YarpBaseline.dll --urls http://127.0.0.1:PORT --Backend http://127.0.0.1:MODELHOST
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "{**all}" } }],
    [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["d"] = new() { Address = builder.Configuration["Backend"]! } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
