namespace Gateway.Tests.Canary;

/// <summary>
/// Real ModelHosts for both tracks (stable churn 1.0.0, canary 1.1.0) behind a real gateway with its gRPC listener,
/// canary at 0 %; "tester" may force a track, "slow" may call once a second.
/// </summary>
public sealed class CanaryFixture : IAsyncLifetime
{
    public const string StableVersion = "1.0.0";
    public const string CanaryVersion = "1.1.0";
    public const string TesterKey = "tester-key-0123456789";
    public const string PlainKey = "plain-key-0123456789";
    public const string SlowKey = "slow-key-0123456789ab";

    public string GrpcUrl { get; } = OipGrpc.NewUrl();

    internal LoopbackServer Stable { get; private set; } = null!;

    internal LoopbackServer Canary { get; private set; } = null!;

    internal LoopbackServer Gateway { get; private set; } = null!;

    internal OipGrpc Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", StableVersion));
        Canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", CanaryVersion));
        Gateway = await GatewayServer.StartAsync(Stable.BaseAddress, Canary.BaseAddress, 0,
            ("Gateway:GrpcUrls", GrpcUrl),
            ("Gateway:Access:ApiKeys:slow:Key", SlowKey),
            ("Gateway:Access:ApiKeys:slow:PermitsPerSecond", "1"),
            ("Gateway:Access:ApiKeys:tester:Key", TesterKey),
            ("Gateway:Access:ApiKeys:plain:Key", PlainKey),
            ("Gateway:Canary:OverrideCallers:0", "tester"),
            ("Gateway:Canary:Analysis:Enabled", "false"));
        await Gateway.WaitUntilReadyAsync("/readyz");
        await Readiness.UntilAsync(async () =>
        {
            var tracks = (await Gateway.Admin().ModelStatusAsync())["tracks"]!;
            return (string?)tracks["stable"]!["model_version"] == StableVersion && (string?)tracks["canary"]!["model_version"] == CanaryVersion;
        }, what: "the gateway to learn both tracks' versions");
        Grpc = new OipGrpc(GrpcUrl);
    }

    public async Task DisposeAsync()
    {
        Grpc.Dispose();
        await Gateway.DisposeAsync();
        await Canary.DisposeAsync();
        await Stable.DisposeAsync();
    }
}
