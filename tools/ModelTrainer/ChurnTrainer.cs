using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>Trains one churn version, evaluates it on the held-out set, and writes model.onnx and model.json.</summary>
internal sealed class ChurnTrainer(int seed)
{
    private static readonly string[] OutputColumns = ["PredictedLabel", "Probability", "Score"];

    public CalibratedBinaryClassificationMetrics TrainAndExport(
        ChurnVersion version, List<ChurnRecord> train, List<ChurnRecord> evaluation, string folder)
    {
        var ml = new MLContext(seed);
        var withLabel = Schema(version.Features, withLabel: true);
        var trainView = ml.Data.LoadFromEnumerable(train, withLabel);
        var model = version.Pipeline(ml, version.Features).Fit(trainView);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(evaluation, withLabel)));

        Directory.CreateDirectory(folder);
        var onnxPath = Path.Combine(folder, "model.onnx");
        using (var stream = File.Create(onnxPath))
        {
            // The exported graph's inputs are the columns of this view: just the version's features, no label.
            var featuresOnly = ml.Data.LoadFromEnumerable(train.Take(1), Schema(version.Features, withLabel: false));
            ml.Model.ConvertToOnnx(model, featuresOnly, stream, OutputColumns);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnxPath)));
        ManifestWriter.Write(Path.Combine(folder, "model.json"), version, sha256, metrics);
        return metrics;
    }

    private static SchemaDefinition Schema(string[] features, bool withLabel)
    {
        var schema = SchemaDefinition.Create(typeof(ChurnRecord));
        schema.RemoveAll(c => c.ColumnName == "Label" ? !withLabel : !features.Contains(c.ColumnName));
        return schema;
    }
}
