using ModelHost.Inference;

namespace ModelHost.Batching;

/// <summary>Decides when a checked request runs on its model's session: alone under a cap, or coalesced into a batch.</summary>
internal interface IInferenceScheduler : IAsyncDisposable
{
    /// <summary>Runs the request, or refuses it at once with <see cref="InferenceErrorKind.Unavailable"/> when the queue is full.</summary>
    ValueTask<InferenceOutcome> RunAsync(InferenceRequest request, CancellationToken cancellationToken);
}
