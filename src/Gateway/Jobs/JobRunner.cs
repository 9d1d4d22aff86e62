using System.Text.Json;
using ControlPlane;
using Gateway.Analysis;
using Gateway.Assignment;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Jobs;

/// <summary>
/// Runs jobs: every half second each replica lists the jobs not yet finished and takes the oldest it can lease, one at
/// a time. A job is pinned to the track its id is assigned (it counts as one caller in the canary analysis) and
/// answered in batches; each batch's result lines are on disk (flushed) before the job's progress is committed. A
/// runner writes a results segment of its own and commits only while its segment is the job's last, so a replica that
/// takes a job over (its runner crashed or restarted, its lease lapsed) goes on from the next committed row in a new
/// segment, and the old runner can neither commit nor touch it: no row lost, none twice. Before each batch it waits while the
/// replica is busy with online calls, and while online calls come it sends short batches and pauses after each (<see cref="JobOptions.BatchSizeWhileOnline"/>, <see cref="JobOptions.PauseFactor"/>).
/// </summary>
internal sealed class JobRunner(
    JobStore store, JobFiles files, ILeases leases, BatchAnswerer answerer, TrackAssigner assigner, TrackStatistics statistics,
    CallerWeights weights, OnlineCalls online, JobWebhook webhook, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics,
    TimeProvider time, ILogger<JobRunner> logger) : BackgroundService
{
    // Longer than one call to a ModelHost may take (BatchAnswerer's client gives up after 20 s); renewed before each.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pass = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.CurrentValue.Jobs.Enabled)
                {
                    await PassAsync(stoppingToken);
                }
            }
            catch (JobStoreUnavailableException)
            {
                // The control plane is down: jobs wait; nothing is lost, they go on when it is back.
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.PassFailed(logger, e.Message);
            }

            await Task.Delay(Pass, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var jobs = await store.ListAsync(cancellationToken);
        metrics.ObserveJobs(jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count()));
        await ForgetOldAsync(jobs, cancellationToken);
        foreach (var listed in jobs.Where(j => !JobStates.IsFinal(j.State)))
        {
            if (await leases.TryHoldAsync(LeaseName(listed.Id), Lease, cancellationToken))
            {
                // Read again under the lease: the list may be older than another replica's last commit.
                if (await store.ReadAsync(listed.Id, cancellationToken) is { } job && !JobStates.IsFinal(job.State))
                {
                    await RunAsync(job, cancellationToken);
                }

                return;
            }
        }
    }

    private async Task RunAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Models.TryGetValue(job.Model, out var route))
        {
            await FinishAsync(job.Id, JobStates.Failed, $"The gateway no longer serves model '{job.Model}'.", cancellationToken);
            return;
        }

        // This runner's own segment of the results: from now on only it may commit.
        var token = Guid.NewGuid().ToString("N");
        var track = TrackNames.TryParse(job.Track, out var kept) ? kept
            : route.CanaryCluster.Length == 0 ? Track.Stable : await assigner.AssignAsync(job.Model, Caller(job), cancellationToken);
        var taken = await store.UpdateAsync(job.Id, j => JobStates.IsFinal(j.State) ? null : j with
        {
            State = JobStates.Running,
            Started = j.Started ?? time.GetUtcNow(),
            Track = j.Track ?? track.Name(),
            Segments = [.. j.Segments, new JobSegment(token, 0)],
        }, cancellationToken);
        if (taken is null || taken.Runner != token)
        {
            return;
        }

        var cluster = taken.Track == TrackNames.Canary && route.CanaryCluster.Length > 0 ? route.CanaryCluster : route.StableCluster;
        Log.JobTaken(logger, taken.Id, taken.Model, taken.Rows, taken.TotalRows);
        try
        {
            job = await AnswerRowsAsync(taken, token, cluster, settings.Jobs, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or JobStoreUnavailableException))
        {
            // The model could not answer, the files could not be read or written, or anything else: the job ends
            // failed, with the reason, rather than being tried again every half second for ever.
            await FinishAsync(taken.Id, JobStates.Failed, e is BatchFailedException
                ? $"The model could not answer: {e.Message}. The rows answered so far are in the results."
                : $"The job stopped: {e.Message}", cancellationToken);
            return;
        }

        if (job.State == JobStates.Running && job.Rows >= job.TotalRows && job.Runner == token)
        {
            await FinishAsync(job.Id, JobStates.Succeeded, null, cancellationToken);
        }
        else if (JobStates.IsFinal(job.State))
        {
            files.DeleteDataset(job.Id);
            Log.JobFinished(logger, job.Id, job.Model, job.Rows, job.State);
            await webhook.NotifyAsync(job, cancellationToken);
        }
    }

    // Returns the job as last read: all rows answered, or stopped (cancelled, taken over, or this replica lost its lease).
    private async Task<JobRecord> AnswerRowsAsync(JobRecord job, string token, string cluster, JobOptions settings, CancellationToken cancellationToken)
    {
        await using var dataset = new JsonLinesReader(new FileStream(files.Dataset(job.Id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536, FileOptions.SequentialScan));
        await using var results = new FileStream(files.Results(job.Id, token), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        for (var skipped = 0; skipped < job.Rows; skipped++)
        {
            _ = await dataset.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException($"the dataset ends before row {job.Rows}");
        }

        var row = job.Rows;
        Task<bool> StillHeld() => leases.TryHoldAsync(LeaseName(job.Id), Lease, cancellationToken);
        async Task<(PreparedBatch? Batch, bool Busy)> ReadAsync(int from)
        {
            var busy = online.SeenWithin(TimeSpan.FromSeconds(1));
            var size = busy ? settings.BatchSizeWhileOnline : settings.BatchSize;
            var rows = new List<(int Row, byte[] Line)>(size);
            while (rows.Count < size && from + rows.Count < job.TotalRows)
            {
                rows.Add((from + rows.Count, await dataset.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException($"the dataset ends at row {from + rows.Count} of {job.TotalRows}")));
            }

            return (rows.Count == 0 ? null : await answerer.PrepareAsync(job, cluster, rows, cancellationToken), busy);
        }

        var (prepared, busy) = await ReadAsync(row);
        while (prepared is not null)
        {
            while (online.InFlight >= settings.YieldAtOnlineCalls)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
            }

            // Still ours, and still wanted: a cancel or a takeover stops the job before its next batch.
            if (!await StillHeld() || await store.ReadAsync(job.Id, cancellationToken) is not { } current || current.State != JobStates.Running || current.Runner != token)
            {
                return await store.ReadAsync(job.Id, cancellationToken) ?? job;
            }

            // The ModelHost answers this batch while the gateway reads and checks the next one.
            var cycle = time.GetTimestamp();
            var count = prepared.Rows.Count;
            var sending = answerer.CompleteAsync(job, cluster, prepared, StillHeld, cancellationToken);
            var nextBusy = busy;
            PreparedBatch? next = null;
            if (row + count < job.TotalRows && !busy)
            {
                (next, nextBusy) = await ReadAsync(row + count);
            }

            IReadOnlyList<RowAnswer> answers;
            try
            {
                answers = await sending;
            }
            catch (LeaseLostException)
            {
                return job;
            }

            var elapsed = time.GetElapsedTime(cycle);
            await using (var writer = new Utf8JsonWriter(results))
            {
                foreach (var answer in answers)
                {
                    answer.Write(writer);
                    writer.Flush();
                    writer.Reset();
                    results.WriteByte((byte)'\n');
                }
            }

            results.Flush(flushToDisk: true);
            var failed = answers.Count(a => a.Failed);
            var answeredBy = answers.Select(a => a.ModelVersion).OfType<string>().Distinct().ToList();
            var committed = await store.UpdateAsync(job.Id, j => j.State != JobStates.Running || j.Rows != row || j.Runner != token ? null : j with
            {
                Rows = row + count,
                FailedRows = j.FailedRows + failed,
                Segments = [.. j.Segments.Take(j.Segments.Count - 1), new JobSegment(token, results.Position)],
                Versions = [.. j.Versions.Union(answeredBy)],
            }, cancellationToken);
            if (committed is null || committed.Runner != token || committed.Rows != row + count)
            {
                return committed ?? job;
            }

            job = committed;
            row = committed.Rows;
            metrics.RecordJobRows(job.Model, count - failed, failed);
            if (weights.Counts(job.Model, Caller(job), statistics.Run(job.Model)) is (true, var inRun))
            {
                var window = statistics.For(job.Model, TrackNames.TryParse(job.Track, out var track) ? track : Track.Stable);
                window.RecordAssignment(inRun);
                window.RecordAnswer(elapsed, failed: false, inRun);
            }

            if (busy && settings.PauseFactor > 0)
            {
                await Task.Delay(time.GetElapsedTime(cycle) * settings.PauseFactor, time, cancellationToken);
            }

            // While online calls come, the next batch is read only now, after the pause, at the size they call for.
            (prepared, busy) = next is not null ? (next, nextBusy) : row < job.TotalRows ? await ReadAsync(row) : (null, false);
        }

        return job;
    }

    private async Task FinishAsync(string id, string state, string? error, CancellationToken cancellationToken)
    {
        var job = await store.UpdateAsync(id, j => JobStates.IsFinal(j.State) ? null : j with { State = state, Error = error, Finished = time.GetUtcNow() }, cancellationToken);
        if (job is not null)
        {
            files.DeleteDataset(job.Id);
            Log.JobFinished(logger, job.Id, job.Model, job.Rows, job.State);
            await webhook.NotifyAsync(job, cancellationToken);
        }
    }

    // Finished jobs past the retention: their files first, then the record, so nothing is left that no record names.
    private async Task ForgetOldAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - TimeSpan.FromHours(options.CurrentValue.Jobs.RetentionHours);
        foreach (var job in jobs.Where(j => JobStates.IsFinal(j.State) && j.Finished < before))
        {
            files.Delete(job.Id);
            await store.DeleteAsync(job.Id, cancellationToken);
        }
    }

    private static string Caller(JobRecord job) => "job:" + job.Id;

    private static string LeaseName(string id) => "job-" + id;
}
