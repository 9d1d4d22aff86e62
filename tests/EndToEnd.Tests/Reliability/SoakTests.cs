namespace EndToEnd.Tests.Reliability;

/// <summary>The short soak: bench/soak.sh on the whole stack for 40 s after 60 s of warm-up; the long one is the script's default.</summary>
public sealed class SoakTests
{
    [Fact]
    public async Task WholeStack_ShortSoak_NoErrorsAndNoProcessGrowsTenPercent()
    {
        var state = Directory.CreateTempSubdirectory("soak-").FullName;
        var outcome = await CommandRunner.RunAsync("env", RepositoryPaths.Root,
            $"SOAK_DIR={state}", "SOAK_SECONDS=40", "WARMUP_SECONDS=60", "SAMPLE_SECONDS=5", "RATE=150", "bash", "bench/soak.sh");
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("soak: passed", outcome.Output, StringComparison.Ordinal);
    }
}
