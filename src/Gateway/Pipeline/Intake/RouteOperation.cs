namespace Gateway.Pipeline.Intake;

/// <summary>What a model route does with a call.</summary>
internal enum RouteOperation
{
    /// <summary>A prediction: validated, split between the tracks, cached, mirrored and counted in the track windows.</summary>
    Call,

    /// <summary>A metadata or readiness read: sent to the caller's track and answered as the backend answers it.</summary>
    Read,
}
