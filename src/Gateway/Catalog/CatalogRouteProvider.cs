using Gateway.Validation;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Catalog;

/// <summary>
/// Serves <see cref="CatalogRoutes"/> to YARP for the catalog <see cref="SchemaRegistry"/> has accepted, and rebuilds
/// them each time it accepts a change to <c>Gateway:Models</c>, so a model added to (or removed from) the configuration
/// is routed without a restart. Clusters come from <c>ReverseProxy:Clusters</c>, which YARP reloads itself.
/// </summary>
internal sealed class CatalogRouteProvider : IProxyConfigProvider, IDisposable
{
    private readonly InMemoryConfigProvider _routes;
    private readonly SchemaRegistry _catalog;

    public CatalogRouteProvider(SchemaRegistry catalog)
    {
        _catalog = catalog;
        _routes = new InMemoryConfigProvider(CatalogRoutes.Build(catalog.Accepted), [], "catalog");
        _catalog.Reloaded += Rebuild;
    }

    public IProxyConfig GetConfig() => _routes.GetConfig();

    public void Dispose() => _catalog.Reloaded -= Rebuild;

    private void Rebuild(GatewayOptions accepted) => _routes.Update(CatalogRoutes.Build(accepted), []);
}
