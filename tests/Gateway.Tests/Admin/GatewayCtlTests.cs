using System.Diagnostics;
using Gateway.Flags;
using Gateway.Tests.Canary;

namespace Gateway.Tests.Admin;

public sealed class GatewayCtlTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    // tests/Gateway.Tests/bin/{configuration}/net10.0 → tools/GatewayCtl/bin/{configuration}/net10.0.
    private static readonly string CtlPath = Path.Combine(
        RepositoryPaths.Root, "tools", "GatewayCtl", Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "tests", "Gateway.Tests"), AppContext.BaseDirectory), "GatewayCtl.dll");

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunWithTokenAsync(GatewayServer.AdminToken, arguments);

    private async Task<(int ExitCode, string Output)> RunWithTokenAsync(string token, params string[] arguments)
    {
        // The CLI as the solution built it, beside these tests (tools/gatewayctl builds and runs the same project).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CtlPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GATEWAY_URL"] = fixture.Gateway.Admin().BaseAddress!.ToString().TrimEnd('/');
        start.Environment["GATEWAY_ADMIN_TOKEN"] = token;
        start.Environment["RUN_DIR"] = Path.Combine(Path.GetTempPath(), "no-run-dir");
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
        Assert.Contains("churn: canary", output, StringComparison.Ordinal);
        Assert.Contains("→ 30 % (from the \"cli\")", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("status", "churn", "--json");
        Assert.True(code == 0, output);
        Assert.Equal(30, System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("canary").GetProperty("configured_percent").GetDouble());

        // For people: a line and a table per model.
        (code, output) = await RunAsync("status");
        Assert.True(code == 0, output);
        Assert.Contains("churn: canary 30 % configured", output, StringComparison.Ordinal);
        Assert.Contains("error rate", output, StringComparison.Ordinal);
        Assert.Contains("stable", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("rollback", "churn", "drill");
        Assert.True(code == 0, output);
        Assert.Equal(0, flags.Share("churn"));

        (code, output) = await RunAsync("audit", "churn");
        Assert.True(code == 0, output);
        Assert.Contains("from the \"cli\"", output, StringComparison.Ordinal);
        Assert.Contains("drill", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayCtl_HelpNeedsNoToken_MisuseIsExit2_RefusalIsExit3WithTheReason()
    {
        var (code, output) = await RunWithTokenAsync("", "--help");
        Assert.Equal(0, code);
        Assert.Contains("canary <model> <percent> <reason>", output, StringComparison.Ordinal);

        (code, _) = await RunAsync("no-such-command");
        Assert.Equal(2, code);

        // Not a number: a usage error, the gateway is not asked.
        (code, output) = await RunAsync("canary", "churn", "ten");
        Assert.Equal(2, code);
        Assert.Contains("'ten'", output, StringComparison.Ordinal);
        (code, output) = await RunAsync("canary", "churn", "NaN");
        Assert.Equal(2, code);
        Assert.Contains("percent must be a number from 0 to 100", output, StringComparison.Ordinal);

        (code, output) = await RunWithTokenAsync("", "status");
        Assert.Equal(2, code);
        Assert.Contains("no admin token", output, StringComparison.Ordinal);

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
