using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelTrainer;

/// <summary>Writes the store's index.json: each model's versions, which an HTTP store cannot list by itself.</summary>
internal static class StoreIndexWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string store)
    {
        var models = new JsonObject();
        foreach (var model in Directory.GetDirectories(store).Order(StringComparer.Ordinal))
        {
            var versions = Directory.GetDirectories(model)
                .Where(v => File.Exists(Path.Combine(v, "model.onnx")))
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal);
            models[Path.GetFileName(model)] = new JsonArray([.. versions.Select(v => JsonValue.Create(v))]);
        }

        File.WriteAllText(Path.Combine(store, "index.json"), new JsonObject { ["models"] = models }.ToJsonString(Indented) + "\n");
    }
}
