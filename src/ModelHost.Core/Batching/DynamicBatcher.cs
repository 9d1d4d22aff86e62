using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Inference;

namespace ModelHost.Batching;

/// <summary>
/// Coalesces concurrent requests to a model with a variable first dimension: each worker takes what has queued,
/// up to <see cref="BatchingOptions.MaxBatchSize"/> rows or <see cref="BatchingOptions.MaxQueueDelayMicroseconds"/>,
/// runs it once and hands every caller its own rows. The queue is bounded; a full queue refuses at once.
/// A request that finds the model idle (nothing running, nothing queued, no queue delay configured) runs at once on its
/// own thread: batching only pays when requests wait, and the two thread hops through the queue cost an idle caller latency.
/// </summary>
internal sealed class DynamicBatcher : IInferenceScheduler
{
    private readonly ScheduledModel _model;
    private readonly BatchingOptions _options;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _workers;
    private readonly SemaphoreSlim _slots;

    public DynamicBatcher(ScheduledModel model, BatchingOptions options)
    {
        _model = model;
        _options = options;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.MaxQueueSize)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = options.MaxConcurrency == 1,
        });
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _workers = [.. Enumerable.Range(0, options.MaxConcurrency).Select(_ => Task.Run(WorkAsync))];
    }

    public ValueTask<InferenceOutcome> RunAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, _model.Time.GetTimestamp());
        if (_options.MaxQueueDelayMicroseconds == 0 && _queue.Reader.Count == 0
            && _slots.CurrentCount == _options.MaxConcurrency && _slots.Wait(0, CancellationToken.None))
        {
            try
            {
                Execute([pending]);
            }
            finally
            {
                _slots.Release();
            }

            return new ValueTask<InferenceOutcome>(pending.Completion.Task);
        }

        if (!_queue.Writer.TryWrite(pending))
        {
            _model.Metrics.RecordRejected(_model.Name, _model.Version);
            return ValueTask.FromResult(InferenceOutcome.Fail(
                InferenceErrorKind.Unavailable, $"model '{_model.Name}' has {_options.MaxQueueSize} requests waiting; retry later"));
        }

        return new ValueTask<InferenceOutcome>(pending.Completion.Task);
    }

    /// <summary>Stops taking requests, finishes every queued one, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
        _slots.Dispose();
    }

    private async Task WorkAsync()
    {
        var batch = new List<Pending>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            await _slots.WaitAsync();
            try
            {
                await TakeAndRunAsync(reader, batch);
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    private async Task TakeAndRunAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        batch.Clear();
        long rows = 0;
        if (!reader.TryRead(out var first))
        {
            return;
        }

        batch.Add(first);
        rows += first.Rows;
        var delay = TimeSpan.FromMicroseconds(_options.MaxQueueDelayMicroseconds);
        while (rows < _options.MaxBatchSize)
        {
            if (reader.TryPeek(out var next) && rows + next.Rows > _options.MaxBatchSize)
            {
                break;
            }

            if (reader.TryRead(out next))
            {
                batch.Add(next);
                rows += next.Rows;
                continue;
            }

            var remaining = delay - _model.Time.GetElapsedTime(first.Enqueued);
            if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(reader, remaining))
            {
                break;
            }
        }

        Execute(batch);
    }

    private async Task<bool> WaitForMoreAsync(ChannelReader<Pending> reader, TimeSpan remaining)
    {
        using var timeout = new CancellationTokenSource(remaining, _model.Time);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Execute(List<Pending> batch)
    {
        var started = _model.Time.GetTimestamp();
        foreach (var pending in batch)
        {
            _model.Metrics.RecordQueued(_model.Name, _model.Version, _model.Time.GetElapsedTime(pending.Enqueued, started));
        }

        foreach (var group in batch.GroupBy(p => p.Signature, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var runStarted = _model.Time.GetTimestamp();
            try
            {
                Complete(members);
            }
            catch (OnnxRuntimeException e)
            {
                var failure = InferenceOutcome.Fail(InferenceErrorKind.BadRequest, $"inference failed: {e.Message}");
                members.ForEach(p => p.Completion.TrySetResult(failure));
            }
            catch (Exception e)
            {
                // A bug, not an expected failure: every caller sees it, and the worker lives on for the next batch.
                members.ForEach(p => p.Completion.TrySetException(e));
            }
            finally
            {
                _model.Metrics.RecordRun(_model.Name, _model.Version, _model.Time.GetElapsedTime(runStarted), members.Count);
            }
        }
    }

    private void Complete(List<Pending> members)
    {
        if (members.Count == 1)
        {
            members[0].Completion.TrySetResult(InferenceOutcome.Success(_model.Session.Run(members[0].Request.Inputs, members[0].Request.Outputs)));
            return;
        }

        var requests = members.Select(m => m.Request).ToList();
        var outputs = _model.Session.Run(BatchAssembler.Concat(requests), requests[0].Outputs);
        var split = BatchAssembler.Split(outputs, [.. members.Select(m => m.Rows)]);
        for (var i = 0; i < members.Count; i++)
        {
            // A graph whose outputs drop the batch dimension cannot be split: run each request alone.
            var answer = split?[i] ?? _model.Session.Run(members[i].Request.Inputs, members[i].Request.Outputs);
            members[i].Completion.TrySetResult(InferenceOutcome.Success(answer));
        }
    }

    private sealed class Pending(InferenceRequest request, long enqueued)
    {
        public InferenceRequest Request { get; } = request;

        public long Enqueued { get; } = enqueued;

        public long Rows { get; } = request.Inputs.Count == 0 ? 1 : request.Inputs[0].Rows;

        public string Signature { get; } = BatchAssembler.Signature(request);

        public TaskCompletionSource<InferenceOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
