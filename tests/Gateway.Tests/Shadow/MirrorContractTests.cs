using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Shadow;
using NJsonSchema;
using ShadowCompare.Storage;

namespace Gateway.Tests.Shadow;

/// <summary>
/// The mirror batch between the gateway and ShadowCompare, held to schemas/shadowcompare/v1/mirror-batch.schema.json
/// from both sides: what the gateway writes matches it and ShadowCompare takes it; what it refuses, ShadowCompare refuses.
/// </summary>
public sealed class MirrorContractTests
{
    private static Task<JsonSchema> SchemaAsync() =>
        JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "shadowcompare", "v1", "mirror-batch.schema.json"));

    // A batch as the gateway's writer makes it: a traced v1 record, an OIP record, drops and an unconfirmed batch.
    private static async Task<byte[]> GatewayBatchAsync()
    {
        await using var gateway = await GatewayServer.StartAsync(new Uri("http://127.0.0.1:9/"));
        var time = DateTimeOffset.UtcNow;
        List<MirrorRecord> records =
        [
            new("churn", "v1", "req-1", time, Encoding.UTF8.GetBytes(ChurnSamples.PredictBody(0, 2)), "1.0.0", "stable",
                Encoding.UTF8.GetBytes("""{"predictions":[{"churn":true,"probability":0.8},{"churn":false,"probability":0.1}]}"""), 3.25,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            new("churn", "oip", "req-2", time, Encoding.UTF8.GetBytes(ChurnSamples.InferBody(0, 1).ToJsonString()), "1.1.0", "canary",
                Encoding.UTF8.GetBytes("""{"model_name":"churn","outputs":[]}"""), 1.5),
        ];
        var drops = new Dictionary<string, Dictionary<string, long>> { ["churn"] = new() { [DropReasons.QueueFull] = 4 } };
        List<UnconfirmedBatch> unconfirmed = [new("batch-0", DropReasons.Timeout, new Dictionary<string, long> { ["churn"] = 7 })];
        var (body, written) = MirrorBatchWriter.Write("batch-1", records, drops, unconfirmed, gateway.Service<MirrorQueue>());
        Assert.Equal(2, written.Count);
        return body;
    }

    [Fact]
    public async Task GatewaysBatch_MatchesTheSchema_AndShadowCompareStoresIt()
    {
        var body = await GatewayBatchAsync();
        Assert.Empty((await SchemaAsync()).Validate(Encoding.UTF8.GetString(body)));

        await using var compare = await ShadowCompareServer.StartAsync();
        using var posted = await compare.Client.PostAsync("/v1/mirror", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(30), "both records compared");
        Assert.Equal(["req-1", "req-2"], compare.Service<ComparisonStore>().Read("churn").Select(r => r.RequestId).Order(StringComparer.Ordinal));
        Assert.Equal(4 + 7, compare.Service<ComparisonStore>().Drops("churn").Values.Sum());
    }

    [Theory]
    [InlineData("records")]
    [InlineData("records/0/model")]
    [InlineData("records/0/primary")]
    [InlineData("records/0/request_id")]
    public async Task WithoutARequiredPart_TheSchemaAndShadowCompareBothRefuse(string path)
    {
        var batch = JsonNode.Parse(await GatewayBatchAsync())!.AsObject();
        var parts = path.Split('/');
        var parent = parts[..^1].Aggregate((JsonNode)batch, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!);
        parent.AsObject().Remove(parts[^1]);
        var json = batch.ToJsonString();

        Assert.NotEmpty((await SchemaAsync()).Validate(json));
        await using var compare = await ShadowCompareServer.StartAsync();
        using var posted = await compare.Client.PostAsync("/v1/mirror", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().PendingCount());
    }
}
