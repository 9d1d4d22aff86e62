namespace Gateway;

/// <summary>How a <see cref="Track"/> is spelled where it leaves the process: JSON, metric tags, headers, the flags' variants, the control plane.</summary>
internal static class TrackNames
{
    public const string Stable = "stable";
    public const string Canary = "canary";

    public static string Name(this Track track) => track == Track.Canary ? Canary : Stable;

    /// <summary>Reads a track's name; false for anything else.</summary>
    public static bool TryParse(string? name, out Track track)
    {
        (var known, track) = name switch
        {
            Stable => (true, Track.Stable),
            Canary => (true, Track.Canary),
            _ => (false, Track.Stable),
        };
        return known;
    }
}
