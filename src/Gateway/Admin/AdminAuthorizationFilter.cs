using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// Lets an admin call through only with <c>Authorization: Bearer {token}</c> for one of the named admin tokens
/// (<c>Gateway:AdminTokens:{name}</c>), each compared in constant time; anything else is a 401 before the call's
/// handler runs, so nothing changes. The token's name is the actor the audit trail records; the token never is.
/// </summary>
internal sealed class AdminAuthorizationFilter(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    /// <summary>The actor of <see cref="GatewayOptions.AdminToken"/>, the single unnamed token.</summary>
    public const string DefaultActor = "admin";
    private const string Scheme = "Bearer ";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = Tokens(options.CurrentValue);
        var header = http.Request.Headers.Authorization.ToString();
        if (tokens.Count == 0 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(http, tokens.Count == 0 ? "The admin API is off: set Gateway:AdminTokens:{name}." : "Send Authorization: Bearer <admin token>.");
        }

        // Both sides hashed first: equal lengths for the constant-time comparison, whatever was sent; every token is
        // compared, so the time taken does not say which one matched.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        string? actor = null;
        foreach (var (name, token) in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            {
                actor ??= name;
            }
        }

        if (actor is null)
        {
            return Refuse(http, "The admin token is not valid.");
        }

        http.Features.Set(new AdminActor(actor));
        return next(context);
    }

    /// <summary>Who made an authorised admin call, for the audit record.</summary>
    public static string Actor(HttpContext context) => context.Features.Get<AdminActor>()?.Name ?? "unknown";

    private static List<KeyValuePair<string, string>> Tokens(GatewayOptions options)
    {
        var tokens = options.AdminTokens.Where(t => t.Value.Length > 0).ToList();
        if (options.AdminToken.Length > 0)
        {
            tokens.Add(new(DefaultActor, options.AdminToken));
        }

        return tokens;
    }

    private static async ValueTask<object?> Refuse(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
        return Results.Empty;
    }

    // The authenticated actor, as a request feature set once by this filter and read by the endpoint.
    private sealed record AdminActor(string Name);
}
