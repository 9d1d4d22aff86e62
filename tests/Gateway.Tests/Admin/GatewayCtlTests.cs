using System.Diagnostics;
using Gateway.Canary;
using Gateway.Tests.Canary;

namespace Gateway.Tests.Admin;

public sealed class GatewayCtlTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunWithTokenAsync(GatewayServer.AdminToken, arguments);

    private async Task<(int ExitCode, string Output)> RunWithTokenAsync(string token, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tools", "gatewayctl"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GATEWAY_URL"] = fixture.Gateway.Admin().BaseAddress!.ToString().TrimEnd('/');
        start.Environment["GATEWAY_ADMIN_TOKEN"] = token;
        start.Environment["RUN_DIR"] = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [Fact]
    public async Task GatewayCtl_CanaryStatusRollbackAudit_DriveTheAdminApi()
    {
        var flags = fixture.Gateway.Service<CanaryFlags>();

        var (code, output) = await RunAsync("canary", "churn", "30", "from the \"cli\"");
        Assert.True(code == 0, output);
        Assert.Equal(30, flags.Share("churn"));

        (code, output) = await RunAsync("status", "churn");
        Assert.True(code == 0, output);
        Assert.Contains("\"configured_percent\":30", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("rollback", "churn", "drill");
        Assert.True(code == 0, output);
        Assert.Equal(0, flags.Share("churn"));

        (code, output) = await RunAsync("audit", "churn");
        Assert.Contains("from the \\\"cli\\\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayCtl_HelpNeedsNoToken_MisuseIsExit2_RefusalIsExit3WithTheReason()
    {
        var (code, output) = await RunWithTokenAsync("", "--help");
        Assert.Equal(0, code);
        Assert.Contains("gatewayctl canary <model> <percent>", output, StringComparison.Ordinal);

        (code, _) = await RunAsync("no-such-command");
        Assert.Equal(2, code);

        (code, output) = await RunAsync("canary", "churn", "ten");
        Assert.Equal(3, code);
        Assert.Contains("answered 400: ", output, StringComparison.Ordinal);
        Assert.Contains("percent", output, StringComparison.Ordinal);

        (code, output) = await RunWithTokenAsync("wrong-token-0123456789", "status");
        Assert.Equal(3, code);
        Assert.Contains("answered 401", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayCtl_BadPercent_FailsAndChangesNothing()
    {
        var before = fixture.Gateway.Service<CanaryFlags>().Share("churn");
        var (code, output) = await RunAsync("canary", "churn", "250");
        Assert.NotEqual(0, code);
        Assert.Contains("percent must be a number from 0 to 100", output, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Gateway.Service<CanaryFlags>().Share("churn"));
    }

    [Fact]
    public async Task GatewayCtl_SetVersionAndRollbackPromotion_ReachTheAdminApiAndSayWhyNot()
    {
        var (code, output) = await RunAsync("set-version", "churn", "stable", "1.0.0\"; drop");
        Assert.NotEqual(0, code);
        Assert.Contains("version must be a semantic version", output, StringComparison.Ordinal);

        // The fixture's ModelHosts do not report to the control plane: there is no instance to roll the version out to.
        (code, output) = await RunAsync("set-version", "churn", "stable", "1.1.0", "try");
        Assert.NotEqual(0, code);
        Assert.Contains("ModelHost:Track=stable", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("rollback-promotion", "churn");
        Assert.NotEqual(0, code);
        Assert.Contains("No promotion of 'churn'", output, StringComparison.Ordinal);
    }
}
