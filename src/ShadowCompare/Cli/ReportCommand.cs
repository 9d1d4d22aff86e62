using System.CommandLine;
using Microsoft.Extensions.Options;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Cli;

/// <summary><c>report</c>: writes the HTML, Markdown and JSON report of a model's candidate from the store.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var model = CommonOptions.Model();
        var candidate = new Option<string?>("--candidate") { Description = "The candidate version; by default the one compared last." };
        var source = new Option<string>("--source") { Description = "live, diff, replay or all.", DefaultValueFactory = _ => ReportService.AllSources };
        var run = new Option<string?>("--run") { Description = "One offline run's id." };
        var baseline = CommonOptions.Baseline();
        var output = CommonOptions.Out();
        var command = new Command("report", "Write a model's comparison report (HTML, Markdown, JSON).") { store, model, candidate, baseline, source, run, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!CommonOptions.StoreExists("report", parse.GetValue(store)!))
            {
                return 2;
            }

            var settings = CommonOptions.Settings();
            var comparisons = new ComparisonStore(parse.GetValue(store)!);
            var reports = new ReportService(comparisons, Options.Create(settings), TimeProvider.System);
            if (reports.Build(parse.GetValue(model)!, parse.GetValue(candidate), parse.GetValue(source)!, parse.GetValue(run), baseline: parse.GetValue(baseline)) is not { } built)
            {
                Console.Error.WriteLine($"report: no comparisons of {parse.GetValue(model)} are stored in {parse.GetValue(store)}");
                return 1;
            }

            var report = await CommonOptions.WithFactsAsync(built, comparisons, settings, cancellationToken);
            var html = CommonOptions.WriteReport(report, parse.GetValue(output)!, $"{report.Model}-{report.Candidate}-{report.Source}");
            Console.WriteLine(report.Verdict.Reason);
            Console.WriteLine($"report: {html} (and .md, .json)");
            return 0;
        });
        return command;
    }
}
