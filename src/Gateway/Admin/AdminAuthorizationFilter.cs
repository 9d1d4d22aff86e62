using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// Lets an admin call through only with <c>Authorization: Bearer {Gateway:AdminToken}</c>, compared in constant time;
/// anything else is a 401 before the call's handler runs, so nothing changes. The caller's identity in audit records
/// is a fingerprint of the token, never the token.
/// </summary>
internal sealed class AdminAuthorizationFilter(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    private const string Scheme = "Bearer ";
    private const string ActorKey = "gateway.admin.actor";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = options.CurrentValue.AdminToken;
        var header = http.Request.Headers.Authorization.ToString();
        if (token.Length == 0 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(http, token.Length == 0 ? "The admin API is off: set Gateway:AdminToken." : "Send Authorization: Bearer <admin token>.");
        }

        // Both sides hashed first: equal lengths for the constant-time comparison, whatever was sent.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
        {
            return Refuse(http, "The admin token is not valid.");
        }

        http.Items[ActorKey] = "token:" + Convert.ToHexStringLower(presented)[..12];
        return next(context);
    }

    /// <summary>Who made an authorised admin call, for the audit record.</summary>
    public static string Actor(HttpContext context) => context.Items[ActorKey] as string ?? "unknown";

    private static async ValueTask<object?> Refuse(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
        return Results.Empty;
    }
}
