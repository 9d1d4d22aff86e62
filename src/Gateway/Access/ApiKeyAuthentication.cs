namespace Gateway.Access;

/// <summary>Checks <c>X-Api-Key</c> on public calls: an unknown key is refused, and so is a missing one when keys are required.</summary>
internal static class ApiKeyAuthentication
{
    /// <summary>
    /// Checks the call's key: a known one is set as its <see cref="ApiKeyFeature"/>; none, where anonymous calls are
    /// allowed, passes without one; otherwise the 401 is written.
    /// </summary>
    /// <returns>Whether the call may go on.</returns>
    public static async Task<bool> AuthenticateAsync(HttpContext context, ApiKeyDirectory keys)
    {
        var presented = context.Request.Headers[GatewayConfig.ApiKeyHeader].ToString();
        if (keys.TryFind(presented, out var caller, out var key))
        {
            context.Features.Set(new ApiKeyFeature(caller, key.Trusted));
            return true;
        }

        if (presented.Length == 0 && !keys.Settings.RequireApiKey)
        {
            return true;
        }

        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
            presented.Length > 0 ? "The API key is not known." : "This API needs an X-Api-Key header.");
        return false;
    }
}
