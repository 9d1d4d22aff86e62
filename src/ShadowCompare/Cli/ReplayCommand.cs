using System.CommandLine;
using ShadowCompare.Offline;
using ShadowCompare.Storage;

namespace ShadowCompare.Cli;

/// <summary><c>replay</c>: stored live inputs sent to a new candidate, compared with what the primary answered then.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var model = CommonOptions.Model();
        var candidate = new Option<string>("--candidate") { Description = "The version to check.", Required = true };
        var limit = new Option<int>("--limit") { Description = "The most recent live requests to replay.", DefaultValueFactory = _ => 10_000 };
        var models = CommonOptions.ModelStore();
        var output = CommonOptions.Out();
        var gate = CommonOptions.Gate();
        var command = new Command("replay", "Re-run stored live inputs against a candidate version.") { store, model, candidate, limit, models, output, gate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!CommonOptions.StoreExists("replay", parse.GetValue(store)!))
            {
                return 2;
            }

            var settings = CommonOptions.Settings();
            settings.ModelStore = settings.ModelStore.Length > 0 ? settings.ModelStore : parse.GetValue(models)!;
            var comparisons = new ComparisonStore(parse.GetValue(store)!);
            var (name, to) = (parse.GetValue(model)!, parse.GetValue(candidate)!);
            // One per live request (a request compared against several shadows is replayed once).
            var live = comparisons.Read(name, source: "live").DistinctBy(r => r.RequestId).TakeLast(parse.GetValue(limit)).ToList();
            if (live.Count == 0)
            {
                Console.Error.WriteLine($"replay: no live comparisons of {name} are stored in {parse.GetValue(store)}");
                return 1;
            }

            var run = OfflineRun.NewRunId(TimeProvider.System);
            try
            {
                await OfflineRun.ReplayAsync(comparisons, parse.GetValue(models)!, name, to, live, run, settings.ComparisonFor(name), cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"replay: {e.Message}");
                return 2;
            }

            return await CommonOptions.ReportRunAsync(comparisons, settings, name, to, "replay", run, parse.GetValue(output)!, parse.GetValue(gate), cancellationToken);
        });
        return command;
    }
}
