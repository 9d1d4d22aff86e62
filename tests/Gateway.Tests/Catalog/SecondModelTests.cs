using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using NJsonSchema;

namespace Gateway.Tests.Catalog;

/// <summary>
/// plan, the second shipped model (four classes: a label and a probability vector), in the catalog beside churn: its own
/// schema, its own canary split, real ModelHosts serving both models.
/// </summary>
public sealed class SecondModelTests : IAsyncLifetime
{
    private LoopbackServer _stable = null!;
    private LoopbackServer _canary = null!;
    private LoopbackServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"), ("ModelHost:Models:plan", "1.0.0"));
        _canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"), ("ModelHost:Models:plan", "1.1.0"));

        // Every caller on plan's canary, none on churn's: the two models' splits are their own.
        var flags = GatewayServer.FlagsJson(0)[..^3] + "," + PlanCanary(100) + "]}}";
        _gateway = await GatewayServer.StartAsync(_stable.BaseAddress, _canary.BaseAddress, flags,
            ("Gateway:Models:plan:StableCluster", "plan-stable"),
            ("Gateway:Models:plan:CanaryCluster", "plan-canary"),
            ("Gateway:Models:plan:Description", "Which of four plans a customer is likely to choose."),
            ("ReverseProxy:Clusters:plan-stable:Destinations:one:Address", _stable.BaseAddress.ToString()),
            ("ReverseProxy:Clusters:plan-canary:Destinations:one:Address", _canary.BaseAddress.ToString()));
        await _gateway.WaitUntilReadyAsync("/readyz");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _canary.DisposeAsync();
        await _stable.DisposeAsync();
    }

    [Fact]
    public async Task Predict_Plan_AnswersALabelAndFourProbabilitiesMatchingItsSchema()
    {
        using var response = await _gateway.Client.PostRawAsync("/v1/models/plan:predict", PlanSamples.PredictBody(rows: 3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var schema = await JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "plan", "v1", "response.schema.json"));
        Assert.Empty(schema.Validate(text));

        string[] plans = ["basic", "family", "premium", "standard"];
        foreach (var prediction in JsonNode.Parse(text)!["predictions"]!.AsArray())
        {
            var probabilities = prediction!["probabilities"]!.AsArray().Select(p => (double)p!).ToArray();
            Assert.InRange(probabilities.Sum(), 0.999, 1.001);
            Assert.Equal(plans[Array.IndexOf(probabilities, probabilities.Max())], (string)prediction["plan"]!);
        }
    }

    [Fact]
    public async Task Split_EachModelHasItsOwn_PlanOnCanaryChurnOnStable()
    {
        using var plan = await _gateway.Client.PostRawAsync("/v1/models/plan:predict", PlanSamples.PredictBody(rows: 1));
        using var churn = await _gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal("1.1.0", plan.Headers.GetValues("X-Model-Version").Single());
        Assert.Equal("1.0.0", churn.Headers.GetValues("X-Model-Version").Single());
    }

    [Fact]
    public async Task Predict_PlanBodyBreakingItsSchema_Returns400NamingTheField()
    {
        var body = JsonNode.Parse(PlanSamples.PredictBody(rows: 1))!;
        body["instances"]![0]!["region"] = "atlantis";
        using var response = await _gateway.Client.PostRawAsync("/v1/models/plan:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("region", (await Problem.ReadAsync(response)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_ListsBothModels_PlanWithItsManifestFacts()
    {
        var names = (await (await _gateway.Client.GetAsync("/v1/models")).ReadObjectAsync())["models"]!.AsArray().Select(m => (string)m!["name"]!);
        Assert.Equal(["churn", "plan"], names.Order(StringComparer.Ordinal));

        JsonNode? canary = null;
        await Readiness.UntilAsync(async () =>
        {
            canary = (await (await _gateway.Client.GetAsync("/v1/models/plan")).ReadObjectAsync())["tracks"]?["canary"];
            return canary?["metrics"] is not null;
        }, what: "plan's canary manifest facts");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "plan", "1.1.0", "model.json")))!;
        Assert.Equal((double)manifest["metrics"]!["macro_accuracy"]!, (double)canary!["metrics"]!["macro_accuracy"]!);
    }

    // Rows of plan's evaluation set, without the label.
    private static string PlanCanary(int percent) => $$$"""
        {"id":"plan.canary","enabled":true,"variants":[{"name":"stable"},{"name":"canary"}],
         "allocation":{"seed":"plan.canary","default_when_enabled":"stable",
           "percentile":[{"variant":"canary","from":0,"to":{{{percent}}}},{"variant":"stable","from":{{{percent}}},"to":100}]}}
        """;
}
