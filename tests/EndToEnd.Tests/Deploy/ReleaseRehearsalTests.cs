namespace EndToEnd.Tests.Deploy;

/// <summary>docs/release.md, step by step, against a real ./run.sh stack: tools/release-rehearsal.sh checks every step.</summary>
[Collection(RunsAlone.Name)]
public sealed class ReleaseRehearsalTests
{
    [Fact]
    public async Task ReleaseWalkthrough_RehearsedEndToEnd_Passes()
    {
        var state = Directory.CreateTempSubdirectory("release-rehearsal-").FullName;
        var outcome = await CommandRunner.RunAsync("env", RepositoryPaths.Root, $"RUN_DIR={state}", "bash", "tools/release-rehearsal.sh");
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("rehearsal passed", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("== 7. rollback drill", outcome.Output, StringComparison.Ordinal);
    }
}
