using System.Diagnostics;

namespace Gateway.Tests.Jobs;

/// <summary>tools/jobs, the shell's way to the jobs API, against a real gateway and ModelHost.</summary>
public sealed class JobsCliTests
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(Uri gateway, string? apiKey, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tools", "jobs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GATEWAY_PUBLIC_URL"] = gateway.ToString().TrimEnd('/');
        start.Environment["GATEWAY_API_KEY"] = apiKey ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Run_SubmitsWaitsWithProgressAndSavesEveryResult_HelpAndBadCallsSayWhy()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress);
        var folder = Directory.CreateTempSubdirectory("jobs-cli-").FullName;
        var dataset = Path.Combine(folder, "rows.jsonl");
        await File.WriteAllLinesAsync(dataset, Enumerable.Range(0, 300).Select(ChurnSamples.InstanceLine));
        var results = Path.Combine(folder, "results.jsonl");

        var (code, _, errors) = await RunAsync(gateway.BaseAddress, GatewayServer.TrustedApiKey, "run", "churn", dataset, results);
        Assert.True(code == 0, errors);
        Assert.Contains("300/300 rows, 0 failed, succeeded", errors, StringComparison.Ordinal);
        Assert.Equal(300, (await File.ReadAllLinesAsync(results)).Length);

        (code, var help, _) = await RunAsync(gateway.BaseAddress, null, "--help");
        Assert.Equal(0, code);
        Assert.Contains("tools/jobs run <model>", help, StringComparison.Ordinal);

        (code, _, errors) = await RunAsync(gateway.BaseAddress, "not-a-key-0123456789abc", "submit", "churn", dataset);
        Assert.Equal(3, code);
        Assert.Contains("answered 401: The API key is not known.", errors, StringComparison.Ordinal);

        (code, _, errors) = await RunAsync(gateway.BaseAddress, GatewayServer.TrustedApiKey, "submit", "nothing-here", dataset);
        Assert.Equal(3, code);
        Assert.Contains("answered 404: There is no model 'nothing-here'.", errors, StringComparison.Ordinal);

        (code, _, _) = await RunAsync(gateway.BaseAddress, null, "status");
        Assert.Equal(2, code);
    }
}
