using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Pipeline.Call;

/// <summary>One send of a call to one track's cluster, as it ended, timed once.</summary>
/// <param name="Track">The track whose cluster was called.</param>
/// <param name="Cluster">The YARP cluster.</param>
/// <param name="Destination">The destination YARP picked, when it picked one.</param>
/// <param name="Kind">How it ended.</param>
/// <param name="Status">The backend's status, or 0 when it did not answer.</param>
/// <param name="Error">YARP's error when the forward failed.</param>
/// <param name="Headers">The backend's answer headers (empty when it did not answer).</param>
/// <param name="Body">The backend's answer bytes.</param>
/// <param name="Elapsed">From send to the whole answer held.</param>
internal sealed record BackendAttempt(
    Track Track, string Cluster, DestinationState? Destination, OutcomeKind Kind, int Status, ForwarderError? Error,
    IHeaderDictionary Headers, byte[] Body, TimeSpan Elapsed)
{
    /// <summary>Whether another destination could take this call: nothing reached a model, or the backend said it cannot take it now.</summary>
    public bool MayRetry => Kind == OutcomeKind.Unreachable || (Kind == OutcomeKind.Unavailable && Status == StatusCodes.Status503ServiceUnavailable);

    /// <summary>The retry metric's reason for a retried attempt.</summary>
    public string RetryReason => Kind == OutcomeKind.Unreachable ? "unreachable" : "unavailable";
}
