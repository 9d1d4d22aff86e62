namespace Settings;

/// <summary>
/// The configuration key of a setting, from the display name the options validator generator gives it:
/// <c>GatewayOptions.Cache.TimeoutMilliseconds</c> (or, for a validator called with a name,
/// <c>Gateway.Models.churn.CacheTtlSeconds</c>) is <c>Gateway:Cache:TimeoutMilliseconds</c>.
/// </summary>
public static class SettingKey
{
    private const string OptionsSuffix = "Options";

    /// <summary>The key, with the root options type named by its section (its name without <c>Options</c>).</summary>
    /// <param name="displayName">The generator's display name: segments joined by dots.</param>
    public static string Of(string? displayName)
    {
        var segments = (displayName ?? "").Split('.');
        if (segments[0].Length > OptionsSuffix.Length && segments[0].EndsWith(OptionsSuffix, StringComparison.Ordinal))
        {
            segments[0] = segments[0][..^OptionsSuffix.Length];
        }

        return string.Join(':', segments).Replace(KeyDot, '.');
    }

    /// <summary>The display name a nested validator is called with, so its errors name <paramref name="key"/>'s children.</summary>
    /// <param name="key">A configuration key, such as <c>Gateway:Models:churn</c>; a map key in it may hold dots (<c>churn.v2</c>).</param>
    public static string ToDisplayName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace('.', KeyDot).Replace(':', '.');
    }

    // Stands for a dot inside a segment while the generator joins segments with dots (ONE DOT LEADER, U+2024).
    private const char KeyDot = '\u2024';
}
