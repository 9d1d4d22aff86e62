using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Hosting;

/// <summary>A reload of the gateway's settings that fails validation changes nothing; a good one takes effect and is heard.</summary>
public sealed class LastGoodOptionsTests
{
    [Fact]
    public void Reload_BadThenGood_BadIgnoredGoodTaken()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Models:churn:StableCluster"] = "churn-stable",
            ["ReverseProxy:Clusters:churn-stable:Destinations:a:Address"] = "http://127.0.0.1:1/",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection("Gateway"));
        services.AddLastGoodOptions<GatewayOptions, GatewayOptionsValidator>();
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
        var heard = new List<int>();
        using var _ = monitor.OnChange(o => heard.Add(o.VersionPollSeconds));
        var memory = configuration.Providers.OfType<MemoryConfigurationProvider>().Single();

        memory.Set("Gateway:VersionPollSeconds", "0");
        configuration.Reload();
        Assert.Equal(2, monitor.CurrentValue.VersionPollSeconds);

        memory.Set("Gateway:VersionPollSeconds", "7");
        configuration.Reload();
        Assert.Equal(7, monitor.CurrentValue.VersionPollSeconds);
        Assert.Equal([7], heard);
    }
}
