namespace ShadowCompare.Drift;

/// <summary>How many live values of a model's feature fell in a bin within an hour, served by one version.</summary>
internal sealed record DriftCount(string Model, string Version, string Feature, string Bin, DateTimeOffset Hour, long Count)
{
    /// <summary>The first hour of a window of <paramref name="hours"/> hours ending in the hour <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, int hours) => HourOf(now - TimeSpan.FromHours(hours - 1));

    /// <summary>The hour a time falls in (UTC).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
