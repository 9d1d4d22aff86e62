using Gateway.Pipeline.Intake;
using Gateway.Versioning;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Catalog;

/// <summary>
/// The YARP routes every served model gets, built from <c>Gateway:Models</c>: the named-feature predict of each public
/// API version it offers, and the Open Inference Protocol's infer, model metadata and model ready, each unversioned and
/// for a named version. A route names its stable cluster; the request path moves each call to the track that serves it.
/// Every API version's predict reaches the model backend as <c>/v1/models/{model}:predict</c>, the one predict the
/// backends speak: a version differs in its contract (schemas, answer shape), not in what the model is asked.
/// </summary>
internal static class CatalogRoutes
{
    public static IReadOnlyList<RouteConfig> Build(GatewayOptions options) =>
    [
        .. options.Models.SelectMany(m => For(m.Key, m.Value)),
    ];

    private static IEnumerable<RouteConfig> For(string model, ModelRouteOptions route)
    {
        var cluster = route.StableCluster;
        foreach (var api in ApiVersionRules.Offered(route))
        {
            var predict = Route(model, cluster, api.Version == Apis.V1 ? "predict" : $"predict-{api.Version}", "POST", $"/{api.Version}/models/{model}:predict", api.Version, RouteOperation.Call);
            yield return api.Version == Apis.V1 ? predict : predict with { Transforms = [new Dictionary<string, string> { ["PathSet"] = $"/v1/models/{model}:predict" }] };
        }

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
