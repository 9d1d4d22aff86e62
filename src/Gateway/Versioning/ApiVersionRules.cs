namespace Gateway.Versioning;

/// <summary>What <c>Gateway:Models:{model}:ApiVersions</c> must hold, checked at start with the rest of the options.</summary>
internal static class ApiVersionRules
{
    public static void Check(List<string> errors, string key, List<ApiVersionOptions> versions)
    {
        var names = versions.Select(v => v.Version).ToList();
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            var at = $"{key}:{i}";
            if (!IsName(version.Version))
            {
                errors.Add($"{at}:Version is '{version.Version}'; it must be v and a number from 1 to 999, such as v2.");
            }
            else if (names.IndexOf(version.Version) != i)
            {
                errors.Add($"{at}:Version '{version.Version}' is listed twice.");
            }

            if (version.Sunset is { } sunset && (version.Deprecated is not { } deprecated || sunset <= deprecated))
            {
                errors.Add($"{at}:Sunset needs a Deprecated date before it: a version is deprecated first, then retired.");
            }

            if (version.Successor is { } successor && (successor == version.Version || !names.Contains(successor)))
            {
                errors.Add($"{at}:Successor is '{successor}', which is not another of the model's versions ({string.Join(", ", names)}).");
            }
        }
    }

    /// <summary>
    /// The versions a model offers: its <c>ApiVersions</c>, or <c>v1</c> when it names none. A malformed or repeated name
    /// is left out here, so nothing built before the options are checked trips on it; the check then stops the gateway.
    /// Read when a catalog is built; a request looks its version up in the catalog (<c>SchemaRegistry.TryGetApi</c>).
    /// </summary>
    public static IReadOnlyList<ApiVersionOptions> Offered(ModelRouteOptions route) => route.ApiVersions.Count > 0
        ? [.. route.ApiVersions.Where(a => IsName(a.Version)).DistinctBy(a => a.Version, StringComparer.Ordinal)]
        : [new ApiVersionOptions { Version = "v1" }];

    /// <summary>Whether a path segment can name an API version: <c>v</c> and 1 to 999, no leading zero.</summary>
    public static bool IsName(string value) =>
        value.Length is >= 2 and <= 4 && value[0] == 'v' && value[1] is >= '1' and <= '9' && value[2..].All(char.IsAsciiDigit);
}
