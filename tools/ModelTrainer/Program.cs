using ModelTrainer;

// Trains the shipped versions of the churn and plan models and writes the model store and the evaluation sets.
// Usage: dotnet run --project tools/ModelTrainer [-- [--retrain] [<repo root>]]
// A version already in the store (model.onnx and model.json) is kept as it is: its digest may be recorded by the
// control plane, and L-BFGS over several threads (churn 1.0.0) gives other bytes on another number of cores.
// --retrain trains and rewrites those too.
var retrain = args.Contains("--retrain");
string[] positional = [.. args.Where(a => a != "--retrain")];
var root = positional.Length > 0 ? positional[0] : RepositoryRoot.Find();
var store = Path.Combine(root, "models");

var churnData = Path.Combine(root, "data", "churn");
var churnTrain = ChurnDataGenerator.Generate(8000, seed: 20261125);
var churnEvaluation = ChurnDataGenerator.Generate(2000, seed: 19700101);
EvaluationSetWriter.Write(Path.Combine(churnData, "eval.jsonl"), churnEvaluation);
Console.WriteLine($"wrote {churnEvaluation.Count} held-out rows to {Path.GetRelativePath(root, churnData)}/eval.jsonl");

var churnTrainer = new ChurnTrainer(seed: 1);
foreach (var version in ChurnVersions.All)
{
    var folder = Path.Combine(store, "churn", version.Version);
    if (!retrain && IsShipped(folder))
    {
        Console.WriteLine($"churn {version.Version}: kept (already in the store; --retrain to train it again)");
        continue;
    }

    var metrics = churnTrainer.TrainAndExport(version, churnTrain, churnEvaluation, folder);
    Console.WriteLine($"churn {version.Version}: accuracy {metrics.Accuracy:F3}, auc {metrics.AreaUnderRocCurve:F3}");
}

// Every version's manifest, kept or trained, carries the reference statistics of its inputs (drift).
foreach (var version in ChurnVersions.All)
{
    ReferenceStatistics.WriteInto(
        Path.Combine(store, "churn", version.Version, "model.json"), Path.Combine(churnData, "eval.jsonl"), "data/churn/eval.jsonl", version.Features);
}

var planData = Path.Combine(root, "data", "plan");
var planTrain = PlanDataGenerator.Generate(8000, seed: 20261201);
var planEvaluation = PlanDataGenerator.Generate(2000, seed: 19700102);
EvaluationSetWriter.Write(Path.Combine(planData, "eval.jsonl"), planEvaluation);
Console.WriteLine($"wrote {planEvaluation.Count} held-out rows to {Path.GetRelativePath(root, planData)}/eval.jsonl");

var planTrainer = new PlanTrainer(seed: 1);
foreach (var version in PlanVersions.All)
{
    var folder = Path.Combine(store, "plan", version.Version);
    if (!retrain && IsShipped(folder))
    {
        Console.WriteLine($"plan {version.Version}: kept (already in the store; --retrain to train it again)");
        continue;
    }

    var metrics = planTrainer.TrainAndExport(version, planTrain, planEvaluation, folder);
    Console.WriteLine(
        $"plan {version.Version}: micro accuracy {metrics.MicroAccuracy:F3}, macro accuracy {metrics.MacroAccuracy:F3}, log loss {metrics.LogLoss:F3}");
}

foreach (var version in PlanVersions.All)
{
    ReferenceStatistics.WriteInto(
        Path.Combine(store, "plan", version.Version, "model.json"), Path.Combine(planData, "eval.jsonl"), "data/plan/eval.jsonl", version.Features);
}

Console.WriteLine("wrote the reference statistics of every version's inputs into its model.json");

StoreIndexWriter.Write(store);

static bool IsShipped(string folder) =>
    File.Exists(Path.Combine(folder, "model.onnx")) && File.Exists(Path.Combine(folder, "model.json"));
