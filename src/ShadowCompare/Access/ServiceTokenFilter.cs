using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ShadowCompare.Access;

/// <summary>
/// Lets a call through only with one of the tokens <paramref name="tokens"/> picks from the options: as
/// <c>Authorization: Bearer {token}</c>, or as Basic credentials whose password is the token (what a browser asks
/// for). Every token is compared in constant time; anything else is a 401 problem before the handler runs.
/// </summary>
internal sealed class ServiceTokenFilter(Func<ShadowCompareOptions, Dictionary<string, string>> tokens, string setting) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var allowed = tokens(http.RequestServices.GetRequiredService<IOptionsMonitor<ShadowCompareOptions>>().CurrentValue);
        if (allowed.Count == 0)
        {
            return Refuse(http, $"This endpoint is closed: set ShadowCompare:{setting}:{{name}}.");
        }

        if (Presented(http.Request.Headers.Authorization.ToString()) is not { } presented)
        {
            return Refuse(http, "Send Authorization: Bearer <token>, or Basic credentials with the token as the password.");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var matched = false;
        foreach (var token in allowed.Values)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        }

        return matched ? await next(context) : Refuse(http, "The token is not valid.");
    }

    private static string? Presented(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Refuse(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"ShadowCompare\", Bearer";
        return Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
