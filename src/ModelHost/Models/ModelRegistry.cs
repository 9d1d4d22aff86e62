using System.Collections.Concurrent;
using ModelHost.Inference;

namespace ModelHost.Models;

/// <summary>The models served now, by name, swapped atomically; and whether the host has finished its first load.</summary>
internal sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<string, LoadedModel> _serving = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelState> _states = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    /// <summary>True once the first load pass is done, whatever it loaded.</summary>
    public bool HasLoaded => _loaded;

    /// <summary>True once the first load pass is done and every model named in configuration has a version serving.</summary>
    public bool IsReady => _loaded && _states.Values.All(s => s.Serving is not null || !s.Required);

    public IReadOnlyCollection<ModelState> States => [.. _states.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public IEnumerable<LoadedModel> Serving => _serving.Values;

    public void MarkLoaded() => _loaded = true;

    public bool TryAcquire(string name, out ModelLease lease)
    {
        // A swap can retire the model between the lookup and the lease; then the lookup finds its successor.
        while (_serving.TryGetValue(name, out var model))
        {
            if (model.TryAcquire())
            {
                lease = new ModelLease(model);
                return true;
            }
        }

        lease = default;
        return false;
    }

    public bool IsServing(string name, string version) =>
        _serving.TryGetValue(name, out var model) && model.Version == version;

    /// <summary>Serves <paramref name="next"/> from now on and retires what it replaces.</summary>
    public void Swap(LoadedModel next, string requested, bool required)
    {
        LoadedModel? previous = null;
        _serving.AddOrUpdate(next.Name, next, (_, old) => { previous = old; return next; });
        _states[next.Name] = new ModelState(next.Name, requested, next.Version, null, required);
        previous?.Retire();
    }

    public void RecordFailure(string name, string requested, string error, bool required)
    {
        _serving.TryGetValue(name, out var current);
        _states[name] = new ModelState(name, requested, current?.Version, error, required);
    }

    /// <summary>Stops serving a model no longer configured.</summary>
    public void Remove(string name)
    {
        _states.TryRemove(name, out _);
        if (_serving.TryRemove(name, out var model))
        {
            model.Retire();
        }
    }
}
