using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace ModelTrainer;

/// <summary>Trains one plan version, evaluates it on the held-out set, and writes model.onnx and model.json.</summary>
internal sealed class PlanTrainer(int seed)
{
    private static readonly string[] OutputColumns = ["PredictedLabel", "Score"];

    public MulticlassClassificationMetrics TrainAndExport(
        PlanVersion version, List<PlanRecord> train, List<PlanRecord> evaluation, string folder)
    {
        var ml = new MLContext(seed);
        var withLabel = Schema(version.Features, withLabel: true);
        var trainView = ml.Data.LoadFromEnumerable(train, withLabel);

        // The label becomes a key outside the exported model (its graph has no label input). Keys ordered by value make
        // the probability vector's order basic, family, premium, standard: the order the response schema documents.
        var labelToKey = ml.Transforms.Conversion
            .MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(trainView);
        var keyedTrain = labelToKey.Transform(trainView);
        var scorer = version.Pipeline(ml, version.Features).Fit(keyedTrain);
        var scored = scorer.Transform(labelToKey.Transform(ml.Data.LoadFromEnumerable(evaluation, withLabel)));
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        // The answer is the plan's name: the predicted key maps back to its value, in the graph too (a string tensor).
        var keyToName = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scorer.Transform(keyedTrain));
        var model = scorer.Append(keyToName);

        // The exported graph's inputs are the columns of this view: just the version's features, no label.
        var featuresOnly = ml.Data.LoadFromEnumerable(train.Take(1), Schema(version.Features, withLabel: false));
        var sha256 = OnnxExporter.Export(ml, model, featuresOnly, folder, OutputColumns);
        ManifestWriter.Write(Path.Combine(folder, "model.json"), version, sha256, metrics);
        return metrics;
    }

    private static SchemaDefinition Schema(string[] features, bool withLabel)
    {
        var schema = SchemaDefinition.Create(typeof(PlanRecord));
        schema.RemoveAll(c => c.ColumnName == "Label" ? !withLabel : !features.Contains(c.ColumnName));
        return schema;
    }
}
