using Polly;
using Polly.CircuitBreaker;
using ShadowCompare.Storage;

namespace ShadowCompare.Ingest;

/// <summary>
/// Stops calling a shadow that is down, with Polly's circuit breaker: once at least half of at least 8 calls in 30 s
/// could not reach it or timed out, its records are stored as failed (<see cref="FailureReasons.ShadowDown"/>) without a call
/// for <see cref="ShadowOptions.BreakSeconds"/>; then one call tries it again, and an answer closes the breaker. A dead
/// shadow then costs nothing per record (no connection attempt, no exception, no wait for a timeout), and the log says
/// once that it went down and once that it is back.
/// </summary>
internal sealed class ShadowBreaker
{
    private readonly ResiliencePipeline<ComparisonResult> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();

    /// <summary>Whether the shadow is being left alone as down now.</summary>
    public bool IsOpen => _state.CircuitState is CircuitState.Open or CircuitState.Isolated;

    public ShadowBreaker(string model, string shadow, int breakSeconds, ILogger logger)
    {
        _pipeline = breakSeconds == 0
            ? ResiliencePipeline<ComparisonResult>.Empty
            : new ResiliencePipelineBuilder<ComparisonResult>()
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ComparisonResult>
                {
                    StateProvider = _state,
                    FailureRatio = 0.5,
                    MinimumThroughput = 8,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(breakSeconds),
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Reason is FailureReasons.Unreachable or FailureReasons.Timeout),
                    OnOpened = args =>
                    {
                        Log.ShadowDown(logger, model, shadow, args.Outcome.Result?.Reason ?? "", breakSeconds);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        Log.ShadowBack(logger, model, shadow);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    /// <summary>Makes the comparison, unless the shadow is down: then null, and nothing was called.</summary>
    public async ValueTask<ComparisonResult?> RunAsync(Func<CancellationToken, Task<ComparisonResult>> compare, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, compare) => Outcome.FromResult(await compare(context.CancellationToken)), context, compare);
            if (outcome.Exception is BrokenCircuitException)
            {
                return null;
            }

            outcome.ThrowIfException();
            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
