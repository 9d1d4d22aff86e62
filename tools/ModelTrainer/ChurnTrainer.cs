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

        // The exported graph's inputs are the columns of this view: just the version's features, no label.
        var featuresOnly = ml.Data.LoadFromEnumerable(train.Take(1), Schema(version.Features, withLabel: false));
        var sha256 = OnnxExporter.Export(ml, model, featuresOnly, folder, OutputColumns);
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
