namespace EndToEnd.Tests.Deploy;

/// <summary>Each service, started as its own process with a bad setting, stops with one line naming each bad key and exit code 78: no stack trace.</summary>
public sealed class BadSettingsTests
{
    [Theory]
    [InlineData("Gateway", "gateway", "Gateway:MaxRequestBodyBytes", "--Gateway:MaxRequestBodyBytes=1")]
    [InlineData("Gateway", "gateway", "Gateway:AdminUrls", "--Gateway:AdminUrls=not-a-url")]
    [InlineData("Gateway", "gateway", "Gateway:Canary:FlagsFile", "--Gateway:Canary:FlagsFile=Gateway.dll")]
    [InlineData("ModelHost", "modelhost", "ModelHost:Batching:MaxBatchSize", "--ModelHost:Batching:MaxBatchSize=0")]
    [InlineData("ShadowCompare", "shadowcompare", "ShadowCompare:Workers", "serve", "--ShadowCompare:Workers=0")]
    public async Task BadSetting_StopsTheService_NamingTheKey_WithoutAStackTrace(string project, string service, string key, params string[] arguments)
    {
        // The gateway's schemas where they are, so only the bad setting is wrong.
        var (code, output) = await ServiceProcess.RunToExitAsync(
            project, [.. arguments, "--urls", "http://127.0.0.1:0", $"--Gateway:SchemaDirectory={Path.Combine(RepositoryPaths.Root, "schemas")}"]);

        Assert.Equal(Microsoft.Extensions.Hosting.ServiceHost.ConfigurationExitCode, code);
        Assert.Contains(output.Split('\n'), l => l.StartsWith($"{service}: ", StringComparison.Ordinal) && l.Contains(key, StringComparison.Ordinal));
        Assert.Contains($"{service}: not started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
