namespace ShadowCompare.Access;

/// <summary>Puts an endpoint behind ShadowCompare's ingest or read tokens.</summary>
internal static class AccessEndpointExtensions
{
    /// <summary>Only the gateways' service tokens (<see cref="ShadowCompareOptions.IngestTokens"/>) may call it.</summary>
    public static TBuilder RequireIngestToken<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(new ServiceTokenFilter(o => o.IngestTokens, nameof(ShadowCompareOptions.IngestTokens)));

    /// <summary>Only the readers' tokens (<see cref="ShadowCompareOptions.ReadTokens"/>) may call it.</summary>
    public static TBuilder RequireReadToken<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(new ServiceTokenFilter(o => o.ReadTokens, nameof(ShadowCompareOptions.ReadTokens)));
}
