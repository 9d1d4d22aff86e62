using ModelHost.Batching;
using ModelHost.Store;

namespace ModelHost.Inference;

/// <summary>
/// One served model version: its session, scheduler and manifest. Requests hold a lease on it; once retired by a
/// swap, it is disposed when its last lease ends, so in-flight requests finish on the version they started on.
/// </summary>
internal sealed class LoadedModel(string name, string version, ModelSession session, IInferenceScheduler scheduler, ModelManifest? manifest)
{
    private int _leases;
    private int _retired;
    private int _disposed;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public string Version { get; } = version;

    public ModelSession Session { get; } = session;

    public IInferenceScheduler Scheduler { get; } = scheduler;

    public ModelManifest? Manifest { get; } = manifest;

    /// <summary>Completes once the model is retired and disposed.</summary>
    public Task Drained => _drained.Task;

    /// <summary>Takes a lease, unless the model was retired in the meantime.</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _leases);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Release();
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Volatile.Read(ref _retired) == 1)
        {
            DisposeOnce();
        }
    }

    /// <summary>Stops new leases; disposes now if none are held, else when the last one ends.</summary>
    public void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Volatile.Read(ref _leases) == 0)
        {
            DisposeOnce();
        }
    }

    private void DisposeOnce()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = DisposeAsync();
        }
    }

    private async Task DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        Session.Dispose();
        _drained.TrySetResult();
    }
}
