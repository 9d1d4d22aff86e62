namespace ControlPlane;

/// <summary>
/// The watchers of each document, for both stores. One loop reads every watched document, at each interval and at
/// once when poked (a change event), so reads never overtake each other and each version is passed on once, in order.
/// </summary>
internal sealed class DocumentWatchers : IAsyncDisposable
{
    private readonly Dictionary<string, (StoredDocument? Last, List<Action<StoredDocument>> Callbacks)> _watched = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _poked = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<string, CancellationToken, Task<StoredDocument?>> _read;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private Task? _loop;

    public DocumentWatchers(Func<string, CancellationToken, Task<StoredDocument?>> read, TimeSpan interval, ILogger logger)
    {
        _read = read;
        _interval = interval;
        _logger = logger;
    }

    public IDisposable Add(string name, Action<StoredDocument> changed)
    {
        lock (_lock)
        {
            if (!_watched.TryGetValue(name, out var entry))
            {
                entry = (null, []);
                _watched[name] = entry;
            }

            entry.Callbacks.Add(changed);
            _loop ??= Task.Run(LoopAsync);
        }

        Poke();
        return new Subscription(() =>
        {
            lock (_lock)
            {
                _watched[name].Callbacks.Remove(changed);
            }
        });
    }

    /// <summary>Reads every watched document now rather than at the next interval.</summary>
    public void Poke() => _poked.Release();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _poked.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _poked.WaitAsync(_interval, _stopping.Token);
                while (_poked.Wait(0))
                {
                    // Pokes that came in together are one read.
                }

                string[] names;
                lock (_lock)
                {
                    names = [.. _watched.Keys];
                }

                foreach (var name in names)
                {
                    if (await _read(name, _stopping.Token) is { } document)
                    {
                        Offer(name, document);
                    }
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A watch that stopped would leave this replica on old state for good: log, and read again next time.
                Log.WatchLoopFailed(_logger, e.GetType().Name, e.Message);
            }
        }
    }

    // Passed on when it differs from the last one given; a missing document (version 0) at every read, so a watcher
    // that seeds it can try again until it is there.
    private void Offer(string name, StoredDocument document)
    {
        Action<StoredDocument>[] callbacks;
        lock (_lock)
        {
            var entry = _watched[name];
            if (document.Version != 0 && document == entry.Last)
            {
                return;
            }

            _watched[name] = (document, entry.Callbacks);
            callbacks = [.. entry.Callbacks];
        }

        foreach (var callback in callbacks)
        {
            try
            {
                callback(document);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.WatcherFailed(_logger, name, document.Version, e.Message);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
