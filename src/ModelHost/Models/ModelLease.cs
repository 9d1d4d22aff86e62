using ModelHost.Inference;

namespace ModelHost.Models;

/// <summary>A request's hold on the model version it runs on; dispose it when the answer is written.</summary>
internal readonly struct ModelLease(LoadedModel model) : IDisposable
{
    public LoadedModel Model { get; } = model;

    public void Dispose() => Model.Release();
}
