using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Hosting;

/// <summary>NativeHeap reaches glibc, and the trimmer runs on its schedule; their effect on resident memory is what the soak judges.</summary>
public sealed class NativeHeapTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void LimitArenas_OnGlibc_IsAcceptedByMallopt()
    {
        Assert.True(OperatingSystem.IsLinux(), "the services run on Linux");
        Assert.Null(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));
        Assert.True(NativeHeap.LimitArenas());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void LimitArenas_FewerThanOne_IsRefused(int arenas) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeHeap.LimitArenas(arenas));

    [Fact]
    public async Task Trimmer_TrimsOncePerInterval()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<NativeHeapTrimmer>();
        using var trimmer = new NativeHeapTrimmer(Options.Create(new NativeHeapOptions { TrimSeconds = 30 }), time, logger);
        await trimmer.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, logger.Collector.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(SpinWait.SpinUntil(() => logger.Collector.Count == 1, Patience));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(SpinWait.SpinUntil(() => logger.Collector.Count == 2, Patience));
        Assert.All(logger.Collector.GetSnapshot(), r => Assert.Equal(901, r.Id.Id));

        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Trimmer_AtZeroSeconds_NeverTrims()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<NativeHeapTrimmer>();
        using var trimmer = new NativeHeapTrimmer(Options.Create(new NativeHeapOptions { TrimSeconds = 0 }), time, logger);
        await trimmer.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(SpinWait.SpinUntil(() => trimmer.ExecuteTask!.IsCompletedSuccessfully, Patience));
        Assert.Equal(0, logger.Collector.Count);
    }

    [Fact]
    public async Task Start_NegativeTrimSeconds_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayServer.StartAsync(
            new Uri("http://127.0.0.1:9"), ("NativeHeap:TrimSeconds", "-1")));
        Assert.Contains("NativeHeap:TrimSeconds", error.Message, StringComparison.Ordinal);
    }
}
