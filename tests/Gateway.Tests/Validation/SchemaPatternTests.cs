using System.Text.Json.Nodes;

namespace Gateway.Tests.Validation;

/// <summary>A request schema with a regular expression is refused at start-up: it would run on what clients send, with no time limit.</summary>
public sealed class SchemaPatternTests
{
    private static string SchemasWith(Action<JsonObject> change)
    {
        var folder = Directory.CreateTempSubdirectory("schemas-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "schemas"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "schemas"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var request = Path.Combine(folder, "churn", "v1", "request.schema.json");
        var schema = JsonNode.Parse(File.ReadAllText(request))!.AsObject();
        change(schema);
        File.WriteAllText(request, schema.ToJsonString());
        return folder;
    }

    [Fact]
    public async Task Start_RequestSchemaWithPattern_StopsNamingTheFileAndTheReason()
    {
        var schemas = SchemasWith(s => s["properties"]!["instances"]!["items"]!["properties"]!["contract"]!["pattern"] = "^(a+)+$");
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayServer.StartAsync(stable.BaseAddress, ("Gateway:SchemaDirectory", schemas)));

        Assert.Contains("request.schema.json uses 'pattern'", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RequestPropertyNamedPattern_IsData_Accepted()
    {
        var schemas = SchemasWith(s => s["properties"]!["instances"]!["items"]!["properties"]!["pattern"] = new JsonObject { ["type"] = "string" });
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));

        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, ("Gateway:SchemaDirectory", schemas));
    }
}
