using System.Net;
using System.Net.Http.Headers;

namespace EndToEnd.Tests.Reliability;

/// <summary>
/// The hostile corpus against every public and admin endpoint of a gateway process and the ModelHost process behind it:
/// 4xx only, both processes stay up, their resident memory stays flat over repeated rounds, and no token or key they
/// hold or were sent shows in their logs or metrics.
/// </summary>
public sealed class HostileInputProcessTests
{
    private const string AdminToken = "e2e-admin-token-5b1f0c7a9e";
    private const string ModelHostToken = "e2e-modelhost-token-0d4e8a21";
    private const string ApiKey = "e2e-api-key-team-a-77c1e2f9";
    private const string WrongToken = "e2e-wrong-token-9f3b6d0c11";

    // (process, method, path, token, cases valid there and so not hostile)
    private static readonly (string Process, string Method, string Path, string? Token, string[] Valid)[] Endpoints =
    [
        ("gateway", "POST", "/v1/models/churn:predict", null, []),
        ("gateway", "POST", "/v2/models/churn/infer", null, []),
        ("gateway", "POST", "/v1/models/nothing-here:predict", null, []),
        ("gateway", "PUT", "/admin/models/churn/canary", AdminToken, []),
        ("gateway", "POST", "/admin/models/churn/rollback", AdminToken, ["empty", "whitespace only", "empty object"]),
        ("gateway", "POST", "/admin/models/churn/promote", AdminToken, ["empty", "whitespace only", "empty object"]),
        ("gateway", "PUT", "/admin/models/churn/canary", WrongToken, []),
        ("modelhost", "POST", "/v2/repository/models/churn/load", ModelHostToken, []),
        ("modelhost", "POST", "/v2/repository/models/churn/load", WrongToken, []),
    ];

    [Fact]
    public async Task EveryEndpoint_HostileCorpusRepeated_Only4xx_ProcessesUpMemoryFlat_NoSecretsInLogsOrMetrics()
    {
        await using var modelHost = await ServiceProcess.StartAsync("ModelHost", $"--ModelHost:Store={RepositoryPaths.Models}",
            $"--ModelHost:AdminToken={ModelHostToken}", $"--ModelHost:PinsFile={Path.Combine(Directory.CreateTempSubdirectory("hostile-").FullName, "pins.json")}");
        await modelHost.WaitUntilReadyAsync("/v2/health/ready");
        var state = Directory.CreateTempSubdirectory("hostile-gateway-").FullName;
        File.Copy(Path.Combine(RepositoryPaths.Root, "src", "Gateway", "flags.json"), Path.Combine(state, "flags.json"));
        await using var gateway = await ServiceProcess.StartAsync(
            "Gateway",
            $"--Gateway:SchemaDirectory={Path.Combine(RepositoryPaths.Root, "schemas")}",
            $"--Gateway:AdminToken={AdminToken}", $"--Gateway:ModelHostToken={ModelHostToken}",
            $"--Gateway:Access:ApiKeys:team-a:Key={ApiKey}",
            $"--Gateway:Canary:FlagsFile={Path.Combine(state, "flags.json")}", $"--Gateway:Canary:AuditFile={Path.Combine(state, "audit.jsonl")}",
            $"--ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address={modelHost.Address}",
            "--Gateway:Models:churn:CanaryCluster=");
        await gateway.WaitUntilReadyAsync("/readyz");
        var flagsBefore = await File.ReadAllTextAsync(Path.Combine(state, "flags.json"));

        var failures = new List<string>();
        // Four rounds warm both up (JIT, pools, buffers, and the GC's budgets, which go on growing for a few rounds of
        // giant bodies). Then two windows of six rounds each: a reading right after a round depends on when the GC last
        // ran (±6 % under the suite's load), so each window's most is compared, not two single readings. A leak of a
        // few MiB a round adds up over the six rounds between the windows.
        for (var round = 0; round < 4; round++)
        {
            await RoundAsync(gateway, modelHost, failures);
        }

        var (gatewayBefore, modelHostBefore) = await MostResidentAsync(gateway, modelHost, failures);
        var (gatewayAfter, modelHostAfter) = await MostResidentAsync(gateway, modelHost, failures);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(gateway.HasExited);
        Assert.False(modelHost.HasExited);
        AssertFlat("gateway", gatewayBefore, gatewayAfter);
        AssertFlat("ModelHost", modelHostBefore, modelHostAfter);
        Assert.Equal(flagsBefore, await File.ReadAllTextAsync(Path.Combine(state, "flags.json")));

        // Calls that carry each secret the right way, so the processes have had every chance to log them.
        using (var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict") { Content = new StringContent(ChurnSamples.PredictBody(0, 1), System.Text.Encoding.UTF8, "application/json") })
        {
            keyed.Headers.Add("X-Api-Key", ApiKey);
            keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WrongToken);
            using var answer = await gateway.Client.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using (var status = new HttpRequestMessage(HttpMethod.Get, "/admin/models/churn"))
        {
            status.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var answer = await gateway.Client.SendAsync(status);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var visible = string.Join('\n', gateway.Output) + string.Join('\n', modelHost.Output)
            + await gateway.Client.GetStringAsync("/metrics") + await modelHost.Client.GetStringAsync("/metrics");
        foreach (var secret in new[] { AdminToken, ModelHostToken, ApiKey, WrongToken })
        {
            Assert.DoesNotContain(secret, visible, StringComparison.Ordinal);
        }
    }

    private static async Task<(long Gateway, long ModelHost)> MostResidentAsync(ServiceProcess gateway, ServiceProcess modelHost, List<string> failures)
    {
        long gatewayMost = 0, modelHostMost = 0;
        for (var round = 0; round < 6; round++)
        {
            await RoundAsync(gateway, modelHost, failures);
            gatewayMost = Math.Max(gatewayMost, gateway.ResidentBytes());
            modelHostMost = Math.Max(modelHostMost, modelHost.ResidentBytes());
        }

        return (gatewayMost, modelHostMost);
    }

    private static async Task RoundAsync(ServiceProcess gateway, ServiceProcess modelHost, List<string> failures)
    {
        foreach (var (process, method, path, token, valid) in Endpoints)
        {
            foreach (var hostile in HostileCorpus.All.Where(c => !valid.Contains(c.Name)))
            {
                var content = new ByteArrayContent(hostile.Body);
                content.Headers.ContentType = hostile.ContentType is null ? null : MediaTypeHeaderValue.Parse(hostile.ContentType);
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                try
                {
                    var status = await HostileSender.SendAsync((process == "gateway" ? gateway : modelHost).Client, request);
                    if (status is { } code && (int)code is < 400 or >= 500)
                    {
                        failures.Add($"{hostile.Name} to {method} {path}: {(int)code}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{hostile.Name} to {method} {path}: no answer ({e.InnerException?.Message ?? e.Message})");
                }
            }
        }
    }

    // Flat: the most it reached in the second window at most 10 % above the most it reached in the first.
    private static void AssertFlat(string name, long before, long after) =>
        Assert.True(after <= before * 1.10, $"{name} resident memory grew from at most {before / 1048576} MiB in rounds 5 to 10 to {after / 1048576} MiB in rounds 11 to 16");
}
