using System.Globalization;

namespace Gateway.Versioning;

/// <summary>
/// Where an API version stands in its life, said on each call: a deprecated version's answers carry
/// <c>Deprecation</c> (RFC 9745), <c>Sunset</c> (RFC 8594) and a <c>Link</c> to its successor; from its sunset on, a
/// call is refused with 410 Gone naming what to use instead.
/// </summary>
internal static class ApiLifecycle
{
    /// <summary>Why a model does not answer on an API version: what it offers instead.</summary>
    public static string NotOffered(string model, string api, IReadOnlyList<ApiVersionOptions> offered) => offered.Count == 0
        ? $"Model '{model}' is not served here; GET /v1/models lists the models."
        : $"Model '{model}' does not offer API {api}; it offers {string.Join(", ", offered.Select(a => a.Version))}.";

    /// <summary>Why no model answers on an API version.</summary>
    public static string NoModelOffers(string api) => $"No model offers API {api} here; GET /v1/models lists the models.";

    /// <returns>False when the version is retired; the 410 has been written.</returns>
    public static async Task<bool> AdmitAsync(HttpContext context, string model, ApiVersionOptions api, DateTimeOffset now)
    {
        if (api.Deprecated is not { } deprecated)
        {
            return true;
        }

        var headers = context.Response.Headers;
        headers["Deprecation"] = "@" + deprecated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (api.Sunset is { } sunset)
        {
            headers["Sunset"] = sunset.ToString("R", CultureInfo.InvariantCulture);
        }

        if (api.Successor is { } successor)
        {
            headers.Link = $"</{successor}/models/{model}:predict>; rel=\"successor-version\"";
        }

        if (api.Sunset is { } retired && retired <= now)
        {
            var instead = api.Successor is { } next ? $"; use {next}: POST /{next}/models/{model}:predict" : "";
            await GatewayProblems.WriteAsync(context, StatusCodes.Status410Gone, "API version retired",
                $"API {api.Version} of model '{model}' was retired on {retired.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}{instead}.");
            return false;
        }

        return true;
    }
}
