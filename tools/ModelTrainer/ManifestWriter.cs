using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>Writes a version's model.json manifest (see docs/model-store.md).</summary>
internal static class ManifestWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, ChurnVersion version, string sha256, CalibratedBinaryClassificationMetrics metrics) =>
        Write(
            path,
            new JsonObject
            {
                ["name"] = "churn",
                ["version"] = version.Version,
                ["description"] = version.Description,
                ["changelog"] = Strings(version.Changelog),
                ["sha256"] = sha256,
                ["inputs"] = Inputs(version.Features),
                ["outputs"] = Outputs(
                    ("PredictedLabel.output", "churn"), ("Probability.output", "probability"), ("Score.output", "score")),
                ["metrics"] = new JsonObject
                {
                    ["dataset"] = "data/churn/eval.jsonl",
                    ["accuracy"] = Math.Round(metrics.Accuracy, 4),
                    ["auc"] = Math.Round(metrics.AreaUnderRocCurve, 4),
                    ["f1"] = Math.Round(metrics.F1Score, 4),
                    ["log_loss"] = Math.Round(metrics.LogLoss, 4),
                },
            });

    public static void Write(string path, PlanVersion version, string sha256, MulticlassClassificationMetrics metrics) =>
        Write(
            path,
            new JsonObject
            {
                ["name"] = "plan",
                ["version"] = version.Version,
                ["description"] = version.Description,
                ["changelog"] = Strings(version.Changelog),
                ["sha256"] = sha256,
                ["inputs"] = Inputs(version.Features),
                ["outputs"] = Outputs(("PredictedLabel.output", "plan"), ("Score.output", "probabilities")),
                ["metrics"] = new JsonObject
                {
                    ["dataset"] = "data/plan/eval.jsonl",

                    // accuracy is the key every shipped manifest carries (tests/ModelHost.Tests ShippedStoreTests);
                    // for a multiclass model it is the micro accuracy, the share of rows whose plan is right.
                    ["accuracy"] = Math.Round(metrics.MicroAccuracy, 4),
                    ["micro_accuracy"] = Math.Round(metrics.MicroAccuracy, 4),
                    ["macro_accuracy"] = Math.Round(metrics.MacroAccuracy, 4),
                    ["log_loss"] = Math.Round(metrics.LogLoss, 4),
                },
            });

    private static void Write(string path, JsonObject manifest) =>
        File.WriteAllText(path, manifest.ToJsonString(Indented) + "\n");

    private static JsonArray Strings(string[] values) => new([.. values.Select(v => JsonValue.Create(v))]);

    // One input tensor per feature, named after it, as the exported graphs have them.
    private static JsonArray Inputs(string[] features) => new([.. features.Select(f => new JsonObject
    {
        ["tensor"] = f,
        ["features"] = new JsonArray(f),
    })]);

    private static JsonArray Outputs(params (string Tensor, string Field)[] outputs) =>
        new([.. outputs.Select(o => new JsonObject { ["tensor"] = o.Tensor, ["field"] = o.Field })]);
}
