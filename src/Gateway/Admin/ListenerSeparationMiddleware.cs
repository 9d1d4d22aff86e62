namespace Gateway.Admin;

/// <summary>
/// Endpoint metadata for where an endpoint is served. A route without it is public only; an endpoint routing makes up
/// itself (the 405 for a known path with another method) answers on either.
/// </summary>
/// <param name="OnAdmin">Served on the admin listener.</param>
/// <param name="OnPublic">Served on the public listener.</param>
internal sealed record ServedOn(bool OnAdmin, bool OnPublic)
{
    /// <summary>The admin API and <c>/metrics</c>.</summary>
    public static readonly ServedOn AdminListener = new(true, false);

    /// <summary>Health, which probes may ask on either.</summary>
    public static readonly ServedOn EveryListener = new(true, true);

    private static readonly ServedOn PublicListener = new(false, true);

    public static ServedOn For(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ServedOn>() ?? (endpoint is RouteEndpoint ? PublicListener : EveryListener);
}

/// <summary>Answers 404 for an endpoint asked for on the other listener, as if it did not exist there.</summary>
internal sealed class ListenerSeparationMiddleware(RequestDelegate next, AdminListener listener)
{
    public Task InvokeAsync(HttpContext context)
    {
        var servedOn = ServedOn.For(context.GetEndpoint());
        if (listener.IsAdminPort(context.Connection.LocalPort) ? servedOn.OnAdmin : servedOn.OnPublic)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
