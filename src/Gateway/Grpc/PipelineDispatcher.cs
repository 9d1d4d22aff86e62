using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Grpc;

/// <summary>
/// Runs a request through the gateway's own HTTP pipeline in process, as if it had arrived on the connection of the
/// gRPC call it stands for: same caller address and port, same headers (API key, user, canary override, trace), and
/// the call's cancellation, which its deadline also ends. So a gRPC call gets every rule of the REST API (trusted
/// proxies, request ids, rate limits, intake, split, cache, backends, mirroring, metrics) because it takes the same
/// path, not a copy of it.
/// </summary>
internal sealed class PipelineDispatcher
{
    private RequestDelegate? _pipeline;

    /// <summary>Captures the rest of the application's pipeline; called first when the gateway's middleware is set up.</summary>
    public void Capture(IApplicationBuilder app) => app.Use(next =>
    {
        _pipeline = next;
        return next;
    });

    public async Task<DispatchedAnswer> SendAsync(
        HttpContext call, string method, string path, IHeaderDictionary headers, byte[] body, CancellationToken cancellation)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("The gateway's pipeline was not captured.");
        var request = new HttpRequestFeature
        {
            Method = method,
            Scheme = call.Request.Scheme,
            Protocol = call.Request.Protocol,
            Path = path,
            Headers = headers,
            Body = new MemoryStream(body, writable: false),
        };
        var answer = new MemoryStream();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(answer));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = call.Connection.Id,
            RemoteIpAddress = call.Connection.RemoteIpAddress,
            RemotePort = call.Connection.RemotePort,
            LocalIpAddress = call.Connection.LocalIpAddress,
            LocalPort = call.Connection.LocalPort,
        });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellation });
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = call.RequestServices });
        var context = new DefaultHttpContext(features);
        await pipeline(context);
        await context.Response.CompleteAsync();
        return new DispatchedAnswer(context.Response.StatusCode, context.Response.Headers, answer.ToArray());
    }
}

/// <summary>What the pipeline answered a dispatched request: status, headers and body bytes.</summary>
internal sealed record DispatchedAnswer(int Status, IHeaderDictionary Headers, byte[] Body);
