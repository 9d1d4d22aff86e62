using Gateway.Client;
using Gateway.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ChurnV1 = Gateway.Client.Models.Churn.V1;

namespace GeneratedClient.Tests;

/// <summary>
/// The public API as a consumer sees it: a client Kiota generated from schemas/openapi.v1.json (at build time), calling
/// a live gateway in front of a real ModelHost. The catalog's answers come back typed, and every refusal (400, 401,
/// 413, 429) as a typed problem with its status and detail.
/// </summary>
public sealed class GeneratedClientTests
{
    private const string LimitedKey = "generated-client-limited-key-0123";

    private static async Task<(LoopbackServer ModelHost, LoopbackServer Gateway)> StartAsync(params (string Key, string? Value)[] settings)
    {
        var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, settings);
        return (modelHost, gateway);
    }

    // The generated client, with the caller's key on every request.
    private static GatewayClient Client(LoopbackServer gateway, string key = GatewayServer.TrustedApiKey)
    {
        var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new GatewayClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = gateway.BaseAddress.ToString().TrimEnd('/') });
    }

    private static ChurnV1.PredictRequest_instances Customer() => new()
    {
        TenureMonths = 12, MonthlyCharges = 70.5, TotalCharges = 846, SupportCalls = 2,
        Contract = ChurnV1.PredictRequest_instances_contract.MonthToMonth, PaymentMethod = ChurnV1.PredictRequest_instances_payment_method.ElectronicCheck,
        PaperlessBilling = true, SeniorCitizen = false,
    };

    [Fact]
    public async Task Catalog_AndPredict_AnswerTyped()
    {
        var (modelHost, gateway) = await StartAsync();
        await using var _ = modelHost;
        await using var __ = gateway;
        var client = Client(gateway);

        ModelList? models = await client.V1.Models.GetAsync();
        Assert.Contains(models!.Models!, m => m.Name == "churn");
        ModelDetail? churn = await client.V1.Models["churn"].GetAsync();
        Assert.Equal("churn", churn!.Name);

        ChurnV1.PredictResponse? answer = await client.V1.Models.ChurnPredict.PostAsync(new ChurnV1.PredictRequest { Instances = [Customer(), Customer()] });
        Assert.Equal(2, answer!.Predictions!.Count);
        Assert.InRange(answer.Predictions[0].Probability!.Value, 0, 1);
    }

    [Fact]
    public async Task Refusals_AreTypedProblems()
    {
        var (modelHost, gateway) = await StartAsync(
            ("Gateway:Access:RequireApiKey", "true"), ("Gateway:MaxRequestBodyBytes", "2048"),
            ("Gateway:Access:ApiKeys:limited:Key", LimitedKey), ("Gateway:Access:ApiKeys:limited:PermitsPerSecond", "1"));
        await using var _ = modelHost;
        await using var __ = gateway;

        var invalid = Customer();
        invalid.TenureMonths = -5;
        var badInput = await Assert.ThrowsAsync<Problem>(() => Client(gateway).V1.Models.ChurnPredict.PostAsync(new() { Instances = [invalid] }));
        Assert.Equal(400, badInput.ResponseStatusCode);
        Assert.NotEmpty(badInput.Errors!);

        var unknown = await Assert.ThrowsAsync<Problem>(() => Client(gateway, "not-a-key-0123456789").V1.Models.ChurnPredict.PostAsync(new() { Instances = [Customer()] }));
        Assert.Equal(401, unknown.ResponseStatusCode);
        var catalog = await Assert.ThrowsAsync<Problem>(() => Client(gateway, "not-a-key-0123456789").V1.Models.GetAsync());
        Assert.Equal(401, catalog.ResponseStatusCode);

        var tooLarge = await Assert.ThrowsAsync<Problem>(() => Client(gateway).V1.Models.ChurnPredict.PostAsync(new() { Instances = [.. Enumerable.Range(0, 40).Select(_ => Customer())] }));
        Assert.Equal(413, tooLarge.ResponseStatusCode);

        var limited = Client(gateway, LimitedKey);
        var refused = await Assert.ThrowsAsync<Problem>(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await limited.V1.Models.ChurnPredict.PostAsync(new() { Instances = [Customer()] });
            }
        });
        Assert.Equal(429, refused.ResponseStatusCode);
    }
}
