using System.CommandLine;
using ShadowCompare.Offline;
using ShadowCompare.Storage;

namespace ShadowCompare.Cli;

/// <summary><c>diff</c>: two versions of a model over a dataset, before any live traffic; stores the run and writes its report.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var model = CommonOptions.Model();
        var baseline = new Option<string>("--baseline") { Description = "The version serving today.", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "The version to check.", Required = true };
        var dataset = new Option<FileInfo>("--dataset") { Description = "JSON Lines: one request or one instance a line.", Required = true };
        var models = CommonOptions.ModelStore();
        var output = CommonOptions.Out();
        var gate = CommonOptions.Gate();
        var command = new Command("diff", "Compare two model versions over a dataset.") { store, model, baseline, candidate, dataset, models, output, gate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(dataset)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"diff: no dataset at {file.FullName}");
                return 2;
            }

            List<string> requests;
            try
            {
                requests = DatasetReader.Read(file.FullName);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"diff: {e.Message}");
                return 2;
            }

            var settings = CommonOptions.Settings();
            settings.ModelStore = settings.ModelStore.Length > 0 ? settings.ModelStore : parse.GetValue(models)!;
            var comparisons = new ComparisonStore(parse.GetValue(store)!);
            var run = OfflineRun.NewRunId(TimeProvider.System);
            var (name, from, to) = (parse.GetValue(model)!, parse.GetValue(baseline)!, parse.GetValue(candidate)!);
            try
            {
                await OfflineRun.DiffAsync(comparisons, parse.GetValue(models)!, name, from, to, requests, run, settings.ComparisonFor(name), TimeProvider.System, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"diff: {e.Message}");
                return 2;
            }

            return await CommonOptions.ReportRunAsync(comparisons, settings, name, to, "diff", run, parse.GetValue(output)!, parse.GetValue(gate), cancellationToken);
        });
        return command;
    }
}
