using ModelTrainer;

// Trains every shipped version of the churn model and writes the model store and the evaluation set.
// Usage: dotnet run --project tools/ModelTrainer [-- <repo root>]
var root = args.Length > 0 ? args[0] : RepositoryRoot.Find();
var store = Path.Combine(root, "models");
var data = Path.Combine(root, "data", "churn");

var train = ChurnDataGenerator.Generate(8000, seed: 20261125);
var evaluation = ChurnDataGenerator.Generate(2000, seed: 19700101);
EvaluationSetWriter.Write(Path.Combine(data, "eval.jsonl"), evaluation);
Console.WriteLine($"wrote {evaluation.Count} held-out rows to {Path.GetRelativePath(root, data)}/eval.jsonl");

var trainer = new ChurnTrainer(seed: 1);
foreach (var version in ChurnVersions.All)
{
    var folder = Path.Combine(store, "churn", version.Version);
    var metrics = trainer.TrainAndExport(version, train, evaluation, folder);
    Console.WriteLine($"churn {version.Version}: accuracy {metrics.Accuracy:F3}, auc {metrics.AreaUnderRocCurve:F3}");
}

StoreIndexWriter.Write(store);
