using System.Text.Json.Nodes;
using NJsonSchema;

namespace Gateway.Tests.Validation;

/// <summary>
/// The schemas in schemas/ use only keywords NJsonSchema enforces (it implements draft-04 and silently ignores
/// others, such as const, if/then/else, contains, propertyNames): each keyword used has a counter-example here that
/// the validator rejects, and every schema's examples validate.
/// </summary>
public sealed class SchemaFileTests
{
    // Annotations the validator need not enforce.
    private static readonly HashSet<string> Annotations = ["$schema", "title", "description", "examples"];

    // Each enforced keyword, with a schema file that uses it and a body that breaks only that keyword there.
    private static readonly Dictionary<string, (string Schema, string CounterExample)> Enforced = new()
    {
        ["type"] = ("churn/v1/request", """{"instances": "not an array"}"""),
        ["required"] = ("churn/v1/request", "{}"),
        ["properties"] = ("churn/v1/request", Instance("\"senior_citizen\": \"yes\"")),
        ["additionalProperties"] = ("churn/v1/request", """{"instances": [], "extra": 1}""".Replace("[]", "[" + Row() + "]", StringComparison.Ordinal)),
        ["items"] = ("churn/v1/request", """{"instances": [42]}"""),
        ["minItems"] = ("churn/v1/request", """{"instances": []}"""),
        ["maxItems"] = ("churn/v1/request", "{\"instances\": [" + string.Join(",", Enumerable.Repeat(Row(), 1001)) + "]}"),
        ["minimum"] = ("churn/v1/request", Instance("\"tenure_months\": -1")),
        ["maximum"] = ("churn/v1/request", Instance("\"tenure_months\": 5000")),
        ["enum"] = ("churn/v1/request", Instance("\"contract\": \"weekly\"")),
        ["minLength"] = ("oip/v2/request", """{"inputs": [{"name": "", "shape": [1], "datatype": "FP32", "data": [1]}]}"""),
        ["maxLength"] = ("churn/v2/request", Instance($"\"id\": \"{new string('x', 129)}\"")),
    };

    // The public API's schemas, which the gateway validates with; ShadowCompare's report schema is checked by its own tests.
    public static TheoryData<string> SchemaFiles() =>
        [.. Directory.EnumerateFiles(SchemaRoot, "*.schema.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}shadowcompare{Path.DirectorySeparatorChar}", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Keywords_EverySchemaFile_UsesOnlyEnforcedKeywords(string file)
    {
        var used = Keywords(JsonNode.Parse(File.ReadAllText(file))!).Where(k => !Annotations.Contains(k)).ToHashSet();
        Assert.Empty(used.Except(Enforced.Keys));
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task Examples_EverySchemaFile_CarriesExamplesThatValidate(string file)
    {
        var schema = await JsonSchema.FromFileAsync(file);
        var examples = JsonNode.Parse(File.ReadAllText(file))!["examples"]!.AsArray();
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            Assert.Empty(schema.Validate(example!.ToJsonString()));
        }
    }

    public static TheoryData<string> EnforcedKeywords() => [.. Enforced.Keys];

    [Theory]
    [MemberData(nameof(EnforcedKeywords))]
    public async Task Keyword_CounterExample_IsRejected(string keyword)
    {
        var (schemaName, counterExample) = Enforced[keyword];
        var schema = await JsonSchema.FromFileAsync(Path.Combine(SchemaRoot, schemaName + ".schema.json"));
        Assert.NotEmpty(schema.Validate(counterExample));
    }

    private static string SchemaRoot => Path.Combine(RepositoryPaths.Root, "schemas");

    private static string Row() => JsonNode.Parse(ChurnSamples.PredictBody(0, 1))!["instances"]![0]!.ToJsonString();

    private static string Instance(string replacement)
    {
        var row = JsonNode.Parse(Row())!.AsObject();
        var change = JsonNode.Parse("{" + replacement + "}")!.AsObject().Single();
        row[change.Key] = change.Value!.DeepClone();
        return "{\"instances\": [" + row.ToJsonString() + "]}";
    }

    // Keywords are the property names of schema objects: not names inside "properties", and not example documents.
    private static IEnumerable<string> Keywords(JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            yield break;
        }

        foreach (var (key, value) in schema)
        {
            yield return key;
            if (key is "examples" or "enum" or "required" || value is null)
            {
                continue;
            }

            var children = key == "properties" ? value.AsObject().Select(p => p.Value!) : [value];
            foreach (var child in children)
            {
                foreach (var nested in Keywords(child))
                {
                    yield return nested;
                }
            }
        }
    }
}
