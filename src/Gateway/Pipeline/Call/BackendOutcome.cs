namespace Gateway.Pipeline.Call;

/// <summary>
/// The one value the call stage returns: how the call ended (its last attempt), every attempt it took (one, or two
/// when it was retried elsewhere), and its whole duration. The record stage reads only this.
/// </summary>
/// <param name="Final">The attempt whose result the client gets.</param>
/// <param name="Attempts">Every attempt, in order; the last is <paramref name="Final"/>.</param>
/// <param name="Elapsed">The whole call, retry included.</param>
/// <param name="BrokeSchema">The answer was checked and does not match the response schema.</param>
internal sealed record BackendOutcome(BackendAttempt Final, IReadOnlyList<BackendAttempt> Attempts, TimeSpan Elapsed, bool BrokeSchema)
{
    /// <summary>How the call ended: <see cref="OutcomeKind.Failed"/> when strict response validation refused the answer.</summary>
    public OutcomeKind Kind { get; init; } = Final.Kind;

    /// <summary>The answering track (stable, when a canary call failed over).</summary>
    public Track Track => Final.Track;

    /// <summary>The model version that answered, from its <c>X-Model-Version</c>; empty when none did.</summary>
    public string ModelVersion => Final.Headers[GatewayConfig.ModelVersionHeader].ToString();

    /// <summary>A 200 the client may be given, cached and mirrored.</summary>
    public bool IsSuccess => Kind == OutcomeKind.Answered && Final.Status == StatusCodes.Status200OK;
}
