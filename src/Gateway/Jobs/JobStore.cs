using ControlPlane;

namespace Gateway.Jobs;

/// <summary>Jobs in the control plane's records (collection <c>jobs</c>): created once, changed by compare-and-set, so two replicas never both move one on.</summary>
internal sealed class JobStore(IRecords records)
{
    private const string Collection = "jobs";
    private const int Attempts = 16;

    /// <summary>The job, or null when there is none with that id; throws <see cref="JobStoreUnavailableException"/> when the store cannot be reached.</summary>
    public async Task<JobRecord?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            return null;
        }

        var stored = await records.ReadAsync(Collection, id, cancellationToken) ?? throw new JobStoreUnavailableException();
        return JobRecord.Parse(stored.Content);
    }

    public async Task<bool> CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var written = await records.CompareAndSetAsync(Collection, job.Id, 0, job.Serialize(), cancellationToken);
        return written.Outcome == WriteOutcome.Unavailable ? throw new JobStoreUnavailableException() : written.Outcome == WriteOutcome.Written;
    }

    /// <summary>Applies <paramref name="change"/> to the job as stored, again if another write landed first.</summary>
    /// <returns>The job as written; the job as stored when <paramref name="change"/> declined (returned null); null when there is no such job.</returns>
    public async Task<JobRecord?> UpdateAsync(string id, Func<JobRecord, JobRecord?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await records.ReadAsync(Collection, id, cancellationToken) ?? throw new JobStoreUnavailableException();
            if (JobRecord.Parse(stored.Content) is not { } job)
            {
                return null;
            }

            if (change(job) is not { } changed)
            {
                return job;
            }

            var written = await records.CompareAndSetAsync(Collection, id, stored.Version, changed.Serialize(), cancellationToken);
            if (written.Outcome == WriteOutcome.Written)
            {
                return changed;
            }

            if (written.Outcome == WriteOutcome.Unavailable)
            {
                throw new JobStoreUnavailableException();
            }
        }

        throw new JobStoreUnavailableException();
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await records.ListAsync(Collection, cancellationToken) ?? throw new JobStoreUnavailableException();
        return [.. all.Values.Select(r => JobRecord.Parse(r.Content)).OfType<JobRecord>().OrderBy(j => j.Created)];
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await records.DeleteAsync(Collection, id, cancellationToken))
        {
            throw new JobStoreUnavailableException();
        }
    }
}

/// <summary>The control plane could not be reached to read or write a job.</summary>
internal sealed class JobStoreUnavailableException() : Exception("The control plane, where jobs are kept, cannot be reached.");

/// <summary>Job ids: 128 random bits as 32 lower-case hex digits, so an anonymous caller's job cannot be guessed.</summary>
internal static class JobIds
{
    public static string New() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
