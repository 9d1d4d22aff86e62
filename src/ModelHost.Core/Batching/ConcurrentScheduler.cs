using System.Threading.RateLimiting;
using ModelHost.Inference;
using Microsoft.ML.OnnxRuntime;

namespace ModelHost.Batching;

/// <summary>Runs each request on its own, at most <see cref="BatchingOptions.MaxConcurrency"/> at once, with a bounded wait queue.</summary>
internal sealed class ConcurrentScheduler(ScheduledModel model, BatchingOptions options) : IInferenceScheduler
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.MaxConcurrency,
        QueueLimit = options.MaxQueueSize,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async ValueTask<InferenceOutcome> RunAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var queued = model.Time.GetTimestamp();
        using var permit = await _limiter.AcquireAsync(1, cancellationToken);
        if (!permit.IsAcquired)
        {
            model.Metrics.RecordRejected(model.Name, model.Version);
            return InferenceOutcome.Fail(InferenceErrorKind.Unavailable, $"model '{model.Name}' has {options.MaxQueueSize} requests waiting; retry later");
        }

        var started = model.Time.GetTimestamp();
        model.Metrics.RecordQueued(model.Name, model.Version, model.Time.GetElapsedTime(queued, started));
        try
        {
            var outputs = model.Session.Run(request.Inputs, request.Outputs);
            return InferenceOutcome.Success(outputs);
        }
        catch (OnnxRuntimeException e)
        {
            return InferenceOutcome.Fail(InferenceErrorKind.BadRequest, $"inference failed: {e.Message}");
        }
        finally
        {
            model.Metrics.RecordRun(model.Name, model.Version, model.Time.GetElapsedTime(started), 1);
        }
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
