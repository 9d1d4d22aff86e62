using System.CommandLine;

namespace ShadowCompare.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static Option<string> Store() => new("--store") { Description = "The SQLite file of comparisons.", DefaultValueFactory = _ => "shadowcompare.db" };

    public static Option<string> Model() => new("--model") { Description = "The model's name.", Required = true };

    public static Option<string?> Baseline() =>
        new("--baseline") { Description = "The primary version the candidate is judged against; by default the one with the most comparisons." };

    public static Option<string> ModelStore() => new("--models") { Description = "The model store (folder or http(s) URL) the versions are loaded from.", DefaultValueFactory = _ => "models" };

    public static Option<string> Out() => new("--out") { Description = "Where to write the report files.", DefaultValueFactory = _ => "reports" };

    public static Option<bool> Gate() => new("--gate") { Description = "Exit 1 when the candidate fails the gate, so a pipeline stops on it." };

    /// <summary>
    /// The <c>ShadowCompare</c> settings the commands share with <c>serve</c> (tolerances, gate thresholds): from
    /// <c>appsettings.json</c> in the working folder, when there is one, then the environment (<c>ShadowCompare__…</c>).
    /// </summary>
    public static ShadowCompareOptions Settings() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Environment.CurrentDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build()
            .GetSection("ShadowCompare")
            .Get<ShadowCompareOptions>() ?? new ShadowCompareOptions();

    /// <summary>A store a command only reads must exist: opening a mistyped path would create an empty one and report nothing.</summary>
    /// <returns>Whether it exists; when not, the reason is written and the command should exit 2.</returns>
    public static bool StoreExists(string command, string path)
    {
        if (File.Exists(path))
        {
            return true;
        }

        Console.Error.WriteLine($"{command}: no comparison store at {Path.GetFullPath(path)}");
        return false;
    }

    /// <summary>After an offline run: builds its report, writes it, and prints the counts, the verdict and where the report is.</summary>
    /// <returns>0, or 1 when <paramref name="gate"/> is set and the candidate fails.</returns>
    public static async Task<int> ReportRunAsync(
        Storage.ComparisonStore store, ShadowCompareOptions settings, string model, string candidate, string source, string run, string folder, bool gate, CancellationToken cancellationToken)
    {
        var built = new Reporting.ReportService(store, Microsoft.Extensions.Options.Options.Create(settings), TimeProvider.System)
            .Build(model, candidate, source, run)!;
        var report = await WithFactsAsync(built, store, settings, cancellationToken);
        var html = WriteReport(report, folder, $"{model}-{candidate}-{source}-{run}");
        Console.WriteLine($"run {run}: {report.Counts.Compared} compared, {report.Counts.Failed.Values.Sum()} failed, agreement {report.Agreement:0.####}");
        Console.WriteLine(report.Verdict.Reason);
        Console.WriteLine($"report: {html} (and .md, .json)");
        return gate && !report.Verdict.Passed ? 1 : 0;
    }

    /// <summary>The report with its versions' manifest facts and its live inputs' drift, from <c>ShadowCompare:ModelStore</c> when set.</summary>
    public static async Task<Reporting.ComparisonReport> WithFactsAsync(
        Reporting.ComparisonReport report, Storage.ComparisonStore store, ShadowCompareOptions settings, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var manifests = new Reporting.ManifestFacts(() => http, TimeProvider.System);
        return await Drift.DriftReports.AddToAsync(
            await manifests.AddToAsync(report, settings.ModelStore, cancellationToken), store, new Drift.ReferenceCatalog(manifests), settings, TimeProvider.System.GetUtcNow(), cancellationToken);
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
