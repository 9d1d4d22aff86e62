using ModelHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddModelHost();

var app = builder.Build();
app.MapModelHost();
app.Run();
