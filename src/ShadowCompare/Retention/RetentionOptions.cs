using Settings;

namespace ShadowCompare.Retention;

/// <summary>How long comparisons are kept (<c>ShadowCompare:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Comparisons older than this many days (by their request's time, in whole UTC days) are deleted, once an hour, with their aggregates.</summary>
    /// <value>Defaults to 30; 0 keeps them forever; at most 3650.</value>
    [SettingRange(0, 3650)]
    public int Days { get; set; } = 30;
}
