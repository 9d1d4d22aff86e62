// The gateway is built by its own issue (Validation, Caching, Canary, Shadow, Routing, Admin, Telemetry);
// until then this project only builds, so the solution has its final shape.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();
