namespace ShadowCompare.Drift;

/// <summary>How many live values of a model's feature fell in a bin within an hour, served by one version.</summary>
internal sealed record DriftCount(string Model, string Version, string Feature, string Bin, DateTimeOffset Hour, long Count)
{
    /// <summary>The hour a time falls in (UTC).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
