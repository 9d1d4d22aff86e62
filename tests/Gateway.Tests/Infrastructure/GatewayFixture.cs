namespace Gateway.Tests.Infrastructure;

/// <summary>A real ModelHost serving churn 1.1.0 and a real gateway in front of it with the in-memory cache, shared by a test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    internal LoopbackServer ModelHost { get; private set; } = null!;

    internal LoopbackServer Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ModelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        Gateway = await GatewayServer.StartAsync(ModelHost.BaseAddress);
        await Gateway.WaitUntilReadyAsync("/readyz");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await ModelHost.DisposeAsync();
    }
}
