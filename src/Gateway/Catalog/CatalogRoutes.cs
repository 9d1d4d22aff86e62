using Gateway.Pipeline.Intake;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Catalog;

/// <summary>
/// The YARP routes every served model gets, built from <c>Gateway:Models</c>: the named-feature predict, and the Open
/// Inference Protocol's infer, model metadata and model ready, each unversioned and for a named version. A route names
/// its stable cluster; the request path moves each call to the track that serves it.
/// </summary>
internal static class CatalogRoutes
{
    public static IReadOnlyList<RouteConfig> Build(GatewayOptions options) =>
    [
        .. options.Models.SelectMany(m => For(m.Key, m.Value.StableCluster)),
    ];

    private static IEnumerable<RouteConfig> For(string model, string cluster)
    {
        yield return Route(model, cluster, "predict", "POST", $"/v1/models/{model}:predict", Apis.V1, RouteOperation.Call);
        yield return Route(model, cluster, "infer", "POST", $"/v2/models/{model}/infer", Apis.Oip, RouteOperation.Call);
        yield return Route(model, cluster, "infer-version", "POST", $"/v2/models/{model}/versions/{{version}}/infer", Apis.Oip, RouteOperation.Call);
        yield return Route(model, cluster, "metadata", "GET", $"/v2/models/{model}", Apis.Oip, RouteOperation.Read);
        yield return Route(model, cluster, "metadata-version", "GET", $"/v2/models/{model}/versions/{{version}}", Apis.Oip, RouteOperation.Read);
        yield return Route(model, cluster, "ready", "GET", $"/v2/models/{model}/ready", Apis.Oip, RouteOperation.Read);
        yield return Route(model, cluster, "ready-version", "GET", $"/v2/models/{model}/versions/{{version}}/ready", Apis.Oip, RouteOperation.Read);
    }

    private static RouteConfig Route(string model, string cluster, string name, string method, string path, string api, RouteOperation operation) => new()
    {
        RouteId = $"{model}-{name}",
        ClusterId = cluster,
        Match = new RouteMatch { Path = path, Methods = [method] },
        Metadata = new Dictionary<string, string>
        {
            [GatewayConfig.ModelMetadata] = model,
            [GatewayConfig.ApiMetadata] = api,
            [GatewayConfig.OperationMetadata] = operation.ToString(),
        },
    };
}
