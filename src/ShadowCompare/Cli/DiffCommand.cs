using System.CommandLine;
using Microsoft.Extensions.Options;
using ShadowCompare.Comparison;
using ShadowCompare.Offline;
using ShadowCompare.Reporting;
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
        var command = new Command("diff", "Compare two model versions over a dataset.") { store, model, baseline, candidate, dataset, models, output };
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

            var comparisons = new ComparisonStore(parse.GetValue(store)!);
            var run = OfflineRun.NewRunId(TimeProvider.System);
            var (name, from, to) = (parse.GetValue(model)!, parse.GetValue(baseline)!, parse.GetValue(candidate)!);
            try
            {
                await OfflineRun.DiffAsync(comparisons, parse.GetValue(models)!, name, from, to, requests, run, new ComparisonOptions(), TimeProvider.System, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"diff: {e.Message}");
                return 2;
            }

            var report = new ReportService(comparisons, Options.Create(new ShadowCompareOptions()), TimeProvider.System).Build(name, to, "diff", run)!;
            var html = CommonOptions.WriteReport(report, parse.GetValue(output)!, $"{name}-{to}-diff-{run}");
            Console.WriteLine($"run {run}: {report.Counts.Compared} compared, {report.Counts.Failed.Values.Sum()} failed, agreement {report.Agreement:0.####}");
            Console.WriteLine(report.Verdict.Reason);
            Console.WriteLine($"report: {html} (and .md, .json)");
            return 0;
        });
        return command;
    }
}
