using System.CommandLine;

namespace ShadowCompare.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<string> Store() => new("--store") { Description = "The SQLite file of comparisons.", DefaultValueFactory = _ => "shadowcompare.db" };

    public static Option<string> Model() => new("--model") { Description = "The model's name.", Required = true };

    public static Option<string> ModelStore() => new("--models") { Description = "The model store (folder or http(s) URL) the versions are loaded from.", DefaultValueFactory = _ => "models" };

    public static Option<string> Out() => new("--out") { Description = "Where to write the report files.", DefaultValueFactory = _ => "reports" };

    /// <summary>After an offline run: builds its report, writes it, and prints the counts, the verdict and where the report is.</summary>
    public static int ReportRun(Storage.ComparisonStore store, string model, string candidate, string source, string run, string folder)
    {
        var report = new Reporting.ReportService(store, Microsoft.Extensions.Options.Options.Create(new ShadowCompareOptions()), TimeProvider.System)
            .Build(model, candidate, source, run)!;
        var html = WriteReport(report, folder, $"{model}-{candidate}-{source}-{run}");
        Console.WriteLine($"run {run}: {report.Counts.Compared} compared, {report.Counts.Failed.Values.Sum()} failed, agreement {report.Agreement:0.####}");
        Console.WriteLine(report.Verdict.Reason);
        Console.WriteLine($"report: {html} (and .md, .json)");
        return 0;
    }

    /// <summary>Writes a report as HTML, Markdown and JSON into a folder; returns the HTML file's path.</summary>
    public static string WriteReport(Reporting.ComparisonReport report, string folder, string stem)
    {
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, stem + ".html");
        File.WriteAllText(html, Reporting.HtmlReport.Render(report));
        File.WriteAllText(Path.Combine(folder, stem + ".md"), Reporting.MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(folder, stem + ".json"), System.Text.Json.JsonSerializer.Serialize(report, Indented));
        return html;
    }
}
