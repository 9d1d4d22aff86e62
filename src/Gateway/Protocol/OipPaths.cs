namespace Gateway.Protocol;

/// <summary>
/// Which paths are the Open Inference Protocol's, and so answer errors in its <c>{"error": "…"}</c> shape rather than
/// problem+json: <c>/v2</c>, <c>/v2/health/…</c> and <c>/v2/models/{model}…</c>. A named-feature predict
/// (<c>…:predict</c>), batch jobs and the <c>/v2/models</c> catalog are the public API's, and keep problem+json.
/// </summary>
internal static class OipPaths
{
    public static bool Contains(PathString path)
    {
        var value = path.Value ?? "";
        if (value is "/v2" or "/v2/" || value.StartsWith("/v2/health/", StringComparison.Ordinal))
        {
            return true;
        }

        return value.StartsWith("/v2/models/", StringComparison.Ordinal)
            && !value.Contains(':', StringComparison.Ordinal)
            && !value.Contains("/jobs", StringComparison.Ordinal);
    }
}
