using System.Diagnostics;
using System.Globalization;
using ModelHost.Local;
using ShadowCompare.Comparison;
using ShadowCompare.Ingest;
using ShadowCompare.Storage;
using Spectre.Console;

namespace ShadowCompare.Offline;

/// <summary>
/// The offline comparisons: <c>diff</c> sends a dataset to a baseline and a candidate version (each served in-process
/// from the model store); <c>replay</c> sends stored live inputs to a candidate and compares with what the primary
/// answered then. Results are stored like live ones, under a run id, with a progress bar on the console.
/// </summary>
internal static class OfflineRun
{
    private const int Concurrency = 4;
    private const int SaveEvery = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static string NewRunId(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public static async Task DiffAsync(
        ComparisonStore store, string modelStore, string model, string baseline, string candidate, IReadOnlyList<string> requests, string run,
        ComparisonOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var baselineModel = await LocalModel.LoadAsync(modelStore, model, baseline, cancellationToken);
        await using var candidateModel = await LocalModel.LoadAsync(modelStore, model, candidate, cancellationToken);
        await WarmUpAsync([baselineModel, candidateModel], requests, cancellationToken);
        await RunAsync(store, requests.Count, $"diff {model} {baseline} → {candidate}", async (index, token) =>
        {
            var input = requests[index];
            var requestId = $"{run}/{index + 1}";
            var primary = await CallAsync(baselineModel, input, token);
            if (!primary.Succeeded)
            {
                return new ComparisonResult
                {
                    Model = model, Source = "diff", Run = run, RequestId = requestId, Time = time.GetUtcNow(), Input = input,
                    PrimaryVersion = baseline, PrimaryOutput = primary.Output, PrimaryLatencyMilliseconds = primary.LatencyMilliseconds,
                    Shadow = "candidate", ShadowVersion = candidate, Status = ComparisonStatus.Failed, Reason = "baseline_" + primary.FailureReason,
                };
            }

            var answer = await CallAsync(candidateModel, input, token);
            return ShadowComparer.Compare(
                options, new ShadowComparer.Primary(model, "v1", requestId, time.GetUtcNow(), input, baseline, primary.Output, primary.LatencyMilliseconds),
                answer, "diff", run, "candidate", candidate) with { ShadowVersion = candidate };
        }, cancellationToken);
    }

    public static async Task ReplayAsync(
        ComparisonStore store, string modelStore, string model, string candidate, IReadOnlyList<ComparisonResult> live, string run,
        ComparisonOptions options, CancellationToken cancellationToken)
    {
        await using var candidateModel = await LocalModel.LoadAsync(modelStore, model, candidate, cancellationToken);
        await WarmUpAsync([candidateModel], [.. live.Select(l => l.Input)], cancellationToken);
        await RunAsync(store, live.Count, $"replay {model} → {candidate}", async (index, token) =>
        {
            var original = live[index];
            var answer = await CallAsync(candidateModel, original.Input, token);
            return ShadowComparer.Compare(
                options, new ShadowComparer.Primary(model, "v1", original.RequestId, original.Time, original.Input, original.PrimaryVersion, original.PrimaryOutput, original.PrimaryLatencyMilliseconds),
                answer, "replay", run, "candidate", candidate) with { ShadowVersion = candidate };
        }, cancellationToken);
    }

    // One predict call to a model served in this process, answered as a shadow call over HTTP would be.
    private static async Task<ShadowClient.Answer> CallAsync(LocalModel model, string input, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await model.PredictAsync(input, deadline.Token);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return answer.Succeeded
                ? new ShadowClient.Answer(true, answer.Body, model.Version, latency, "", "")
                : new ShadowClient.Answer(false, answer.Body, model.Version, latency, FailureReasons.ShadowError, $"{answer.Status}: {(answer.Body.Length <= 200 ? answer.Body : answer.Body[..200] + "…")}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ShadowClient.Answer(false, "", "", Stopwatch.GetElapsedTime(started).TotalMilliseconds, FailureReasons.Timeout, $"no answer within {Timeout.TotalMilliseconds} ms");
        }
    }

    // First calls pay for lazy initialisation; they would only distort the latency comparison.
    private static async Task WarmUpAsync(LocalModel[] models, IReadOnlyList<string> requests, CancellationToken cancellationToken)
    {
        foreach (var model in models)
        {
            for (var i = 0; i < Math.Min(requests.Count, 50); i++)
            {
                await model.PredictAsync(requests[i], cancellationToken);
            }
        }
    }

    // Runs the comparisons a few at a time, saving as it goes, with a progress bar (plain lines when not on a terminal).
    private static async Task RunAsync(ComparisonStore store, int count, string title, Func<int, CancellationToken, Task<ComparisonResult>> compare, CancellationToken cancellationToken)
    {
        var done = new List<ComparisonResult>();
        var gate = new Lock();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(title, maxValue: Math.Max(count, 1));
                await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                    async (index, token) =>
                    {
                        var result = await compare(index, token);
                        List<ComparisonResult>? full = null;
                        lock (gate)
                        {
                            done.Add(result);
                            if (done.Count >= SaveEvery)
                            {
                                (full, done) = (done, []);
                            }
                        }

                        if (full is not null)
                        {
                            store.Save(full);
                        }

                        task.Increment(1);
                    });
                store.Save(done);
                task.Value = task.MaxValue;
            });
    }
}
