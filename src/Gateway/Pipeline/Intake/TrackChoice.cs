namespace Gateway.Pipeline.Intake;

/// <summary>The track a call was given, the cluster serving that track, and whether the call counts in the track windows and in the analysis' run (see <see cref="Analysis.CallerWeights"/>).</summary>
internal readonly record struct TrackChoice(Track Track, string Cluster, bool Observed, bool InRun = false);
