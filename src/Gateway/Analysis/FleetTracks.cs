namespace Gateway.Analysis;

/// <summary>A model's two tracks over the fleet: their windows (for people and the realised share) and their runs (for the analysis).</summary>
/// <param name="Stable">The stable track's window.</param>
/// <param name="Canary">The canary track's window.</param>
/// <param name="StableRun">The stable track's counts since the canary last started.</param>
/// <param name="CanaryRun">The canary track's counts since it last started.</param>
/// <param name="Replicas">How many replicas' counts these are.</param>
/// <param name="Fleet">False when they are this replica's alone.</param>
internal sealed record FleetTracks(TrackSnapshot Stable, TrackSnapshot Canary, WindowCounts StableRun, WindowCounts CanaryRun, int Replicas, bool Fleet);
