namespace ModelHost.Tests.Infrastructure;

/// <summary>One ModelHost serving the shipped store (churn 1.1.0), shared by a test class.</summary>
public sealed class ChurnServerFixture : IAsyncLifetime
{
    internal LoopbackServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
