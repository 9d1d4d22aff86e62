using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>
/// The stack ./run.sh serves, from the same topology (tools/Stack's LocalTopology), each service its own process:
/// what one command starts must answer, cache, mirror and compare, and with three gateways hold one decision fleet-wide.
/// </summary>
public sealed class StackTests
{
    [Fact]
    public async Task RunShStack_Predict_AnsweredCachedMirroredAndComparedAboveTheNoise()
    {
        await using var stack = await StackRun.StartAsync();
        using var gateway = stack.Gateway();

        using var first = await PredictAsync(gateway, "alice", 0);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        // The answer does not wait for its cache store: a repeat sent at once may still miss; one soon after hits.
        await Readiness.UntilAsync(async () =>
        {
            using var repeat = await PredictAsync(gateway, "alice", 0);
            return repeat.Headers.GetValues("X-Cache").Single() == "HIT";
        }, TimeSpan.FromSeconds(10), "a repeat to be answered from the cache");
        // plan is in the catalog by the topology's configuration alone, routed to the same ModelHosts.
        var catalog = (await gateway.GetFromJsonAsync<JsonNode>("/v1/models"))!;
        Assert.Equal(["churn", "plan"], catalog["models"]!.AsArray().Select(m => (string)m!["name"]!).Order());
        using var plan = await gateway.PostAsync("/v1/models/plan:predict", new StringContent(PlanSamples.PredictBody(2), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);

        // The shipped flags mirror half the answered calls to the shadow; ShadowCompare also asks the control each time.
        for (var caller = 1; caller <= 40; caller++)
        {
            using var answer = await PredictAsync(gateway, $"caller-{caller}", caller);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var reports = stack.ShadowCompare();
        JsonNode report = new JsonObject();
        await Readiness.UntilAsync(async () =>
        {
            // 404 until the first comparison is stored.
            using var answer = await reports.GetAsync("/reports/churn.json?baseline=1.0.0");
            if (answer.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            report = (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonNode>())!;
            return (long)report["counts"]!["compared"]! > 0 && (long)report["noise"]!["rows"]! > 0;
        }, TimeSpan.FromSeconds(30), "the shadow's and the control's answers to be compared");
        Assert.Equal("2.0.0-rc.1", (string?)report["candidate"]);
    }

    [Fact]
    public async Task ThreeGateways_CanaryChangedOnOne_HoldsOnEveryReplica()
    {
        await using var stack = await StackRun.StartAsync(replicas: 3);
        using var first = stack.Admin(1);
        using var change = await first.PutAsJsonAsync("/admin/models/churn/canary", new { percent = 35, reason = "stack test" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        foreach (var replica in new[] { 2, 3 })
        {
            using var admin = stack.Admin(replica);
            await Readiness.UntilAsync(async () =>
            {
                var status = (await admin.GetFromJsonAsync<JsonNode>("/admin/models/churn"))!;
                return (double)status["canary"]!["configured_percent"]! == 35;
            }, TimeSpan.FromSeconds(15), $"gateway {replica} to take the canary share");
            using var answer = await PredictAsync(stack.Gateway(replica), "bob", 7);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> PredictAsync(HttpClient gateway, string user, int row)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(row, 1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-User-Id", user);
        return gateway.SendAsync(request);
    }
}
