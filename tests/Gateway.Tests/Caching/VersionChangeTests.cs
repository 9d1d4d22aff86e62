
namespace Gateway.Tests.Caching;

public sealed class VersionChangeTests
{
    [Fact]
    public async Task Predict_BackendSwapsVersion_OldEntriesAreNotServedAgain()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:VersionPollSeconds", "1"));
        var body = ChurnSamples.PredictBody(600, 2);
        using (var warm = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body))
        {
            Assert.Equal("1.0.0", warm.Headers.GetValues("X-Model-Version").Single());
        }

        modelHost.Reconfigure("ModelHost:Models:churn", "1.1.0");

        // Until the gateway learns of the swap (one poll interval), the old answer may still be served; then never again.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string version;
        do
        {
            await Task.Delay(100, timeout.Token);
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body);
            version = response.Headers.GetValues("X-Model-Version").Single();
        }
        while (version != "1.1.0");

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body);
            Assert.Equal("1.1.0", response.Headers.GetValues("X-Model-Version").Single());
        }
    }
}
