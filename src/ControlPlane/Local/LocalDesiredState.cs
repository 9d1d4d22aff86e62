using Microsoft.Extensions.Options;

namespace ControlPlane.Local;

/// <summary>
/// Desired-state documents as files in the local folder (<c>{name}.json</c>), for one replica of each service on one
/// machine. A file can also be edited by hand: each different content read is a new version. Versions count from
/// this process's start; writes are compare-and-set against them under one lock, with the audit line appended after.
/// </summary>
internal sealed class LocalDesiredState : IDesiredState, IAsyncDisposable
{
    private readonly LocalFolder _folder;
    private readonly LocalAuditTrail _audit;
    private readonly DocumentWatchers _watchers;
    private readonly Dictionary<string, StoredDocument> _known = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);

    // The highest version each document has had, so a version is never reused after the file is deleted and recreated.
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    public LocalDesiredState(LocalFolder folder, LocalAuditTrail audit, IOptions<ControlPlaneOptions> options, ILogger<LocalDesiredState> logger)
    {
        _folder = folder;
        _audit = audit;
        _watchers = new DocumentWatchers(ReadAsync, TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds), logger);
    }

    // Reads take the write lock too: a read that saw the file just before a write's rename, and was judged after it,
    // would pass the old content off as a newer version.
    public async Task<StoredDocument?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            return Read(name);
        }
        finally
        {
            _writing.Release();
        }
    }

    private StoredDocument Read(string name)
    {
        var path = _folder.File(name + ".json");
        var content = File.Exists(path) ? File.ReadAllText(path) : null;
        lock (_known)
        {
            var known = _known.GetValueOrDefault(name) ?? new StoredDocument(0, "");
            if (content is null)
            {
                known = known.Version == 0 ? known : new StoredDocument(0, "");
            }
            else if (known.Version == 0 || !string.Equals(known.Content, content, StringComparison.Ordinal))
            {
                known = new StoredDocument(Math.Max(known.Version, _highest.GetValueOrDefault(name)) + 1, content);
            }

            _known[name] = known;
            _highest[name] = Math.Max(_highest.GetValueOrDefault(name), known.Version);
            return known;
        }
    }

    public async Task<WriteResult> CompareAndSetAsync(string name, long expectedVersion, string content, string audit, long versionFloor = 0, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var current = Read(name);
            if (current.Version != expectedVersion)
            {
                return new WriteResult(WriteOutcome.Conflict, current);
            }

            lock (_known)
            {
                _highest[name] = Math.Max(_highest.GetValueOrDefault(name), versionFloor);
            }

            try
            {
                LocalFolder.WriteAtomically(_folder.File(name + ".json"), content);
                _audit.Append(audit);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new WriteResult(WriteOutcome.Unavailable, current);
            }

            var written = Read(name);
            _watchers.Poke();
            return new WriteResult(WriteOutcome.Written, written);
        }
        finally
        {
            _writing.Release();
        }
    }

    public IDisposable Watch(string name, Action<StoredDocument> changed) => _watchers.Add(name, changed);

    public async ValueTask DisposeAsync()
    {
        await _watchers.DisposeAsync();
        _writing.Dispose();
    }
}
