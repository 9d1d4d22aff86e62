using System.Text.Json;
using NJsonSchema;
using ShadowCompare.Gate;
using ShadowCompare.Reporting;

namespace ShadowCompare.Tests.Reporting;

public sealed class ReportSchemaTests
{
    private static readonly string SchemaFile = Path.Combine(RepositoryPaths.Root, "schemas", "shadowcompare", "v1", "report.schema.json");

    private static string ReportJson() => JsonSerializer.Serialize(
        ReportBuilder.Build("churn", "2.0.0", "live", null, KnownComparisons.Build(300), new Dictionary<string, long> { ["queue_full"] = 2 }, new GateThresholds(), KnownComparisons.Start));

    [Fact]
    public async Task ReportJson_ValidatesAgainstItsSchema()
    {
        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        Assert.Empty(schema.Validate(ReportJson()));
    }

    [Theory]
    [InlineData("\"source\":\"live\"", "\"source\":\"elsewhere\"")]
    [InlineData("\"samples\":300", "\"samples\":-1")]
    [InlineData("\"passed\":false", "\"passed\":\"no\"")]
    [InlineData("\"model\":\"churn\"", "\"model\":\"churn\",\"extra\":1")]
    public async Task Schema_CounterExamples_AreRejected(string from, string to)
    {
        var schema = await JsonSchema.FromFileAsync(SchemaFile);
        var json = ReportJson();
        Assert.Contains(from, json, StringComparison.Ordinal);
        Assert.NotEmpty(schema.Validate(json.Replace(from, to, StringComparison.Ordinal)));
    }
}
