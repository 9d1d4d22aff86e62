using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>Writes a version's model.json manifest (see docs/model-store.md).</summary>
internal static class ManifestWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, ChurnVersion version, string sha256, CalibratedBinaryClassificationMetrics metrics)
    {
        var manifest = new JsonObject
        {
            ["name"] = "churn",
            ["version"] = version.Version,
            ["description"] = version.Description,
            ["changelog"] = new JsonArray([.. version.Changelog.Select(c => JsonValue.Create(c))]),
            ["sha256"] = sha256,
            ["inputs"] = new JsonArray([.. version.Features.Select(f => new JsonObject
            {
                ["tensor"] = f,
                ["features"] = new JsonArray(f),
            })]),
            ["outputs"] = new JsonArray(
                new JsonObject { ["tensor"] = "PredictedLabel.output", ["field"] = "churn" },
                new JsonObject { ["tensor"] = "Probability.output", ["field"] = "probability" },
                new JsonObject { ["tensor"] = "Score.output", ["field"] = "score" }),
            ["metrics"] = new JsonObject
            {
                ["dataset"] = "data/churn/eval.jsonl",
                ["accuracy"] = Math.Round(metrics.Accuracy, 4),
                ["auc"] = Math.Round(metrics.AreaUnderRocCurve, 4),
                ["f1"] = Math.Round(metrics.F1Score, 4),
                ["log_loss"] = Math.Round(metrics.LogLoss, 4),
            },
        };
        File.WriteAllText(path, manifest.ToJsonString(Indented) + "\n");
    }
}
