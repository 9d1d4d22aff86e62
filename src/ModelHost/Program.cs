using Microsoft.Extensions.Options;
using ModelHost;

// A bad setting stops ModelHost with one line per key (ServiceHost), not a stack trace.
return await ServiceHost.RunAsync("modelhost", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddModelHost();

    var app = builder.Build();
    app.MapModelHost();
    app.Services.GetRequiredService<ModelHostOptionsValidator>().Check(app.Services.GetRequiredService<IOptions<ModelHostOptions>>().Value);
    await app.RunAsync();
});
