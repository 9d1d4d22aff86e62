using Semver;

namespace ModelHost.Store;

/// <summary>Semantic-version rules of the store: what a version folder may be called and what <c>latest</c> means.</summary>
internal static class ModelVersion
{
    public static bool TryParse(string text, out SemVersion version) =>
        SemVersion.TryParse(text, SemVersionStyles.Strict, out version!);

    public static bool IsValidRequest(string requested) =>
        requested == ModelHostConfig.LatestVersion || TryParse(requested, out _);

    /// <summary>Picks the version to serve: the named one if present, else for <c>latest</c> the highest by semver precedence, pre-releases excluded.</summary>
    /// <returns>The folder name of the version, or <see langword="null"/> when none fits.</returns>
    public static string? Resolve(string requested, IEnumerable<string> available)
    {
        if (requested != ModelHostConfig.LatestVersion)
        {
            return available.Contains(requested, StringComparer.Ordinal) ? requested : null;
        }

        string? best = null;
        SemVersion? bestVersion = null;
        foreach (var candidate in available)
        {
            if (TryParse(candidate, out var version) && !version.IsPrerelease
                && (bestVersion is null || SemVersion.ComparePrecedence(version, bestVersion) > 0))
            {
                (best, bestVersion) = (candidate, version);
            }
        }

        return best;
    }
}
