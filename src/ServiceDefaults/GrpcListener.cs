using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A listener of the service's own for gRPC, HTTP/2 only. Without TLS, Kestrel cannot tell prior-knowledge HTTP/2
/// (h2c, what gRPC clients send in cleartext) from HTTP/1.1 on one port: an endpoint serving both answers h2c with
/// HTTP_1_1_REQUIRED. So the gRPC URLs are bound beside the others and Kestrel's endpoint defaults make HTTP/2 the
/// only protocol on their ports, which is why a gRPC URL must name its port. An <c>https</c> URL is HTTP/2 over TLS.
/// </summary>
public sealed class GrpcListener
{
    private readonly HashSet<int> _ports;

    private GrpcListener(IReadOnlyList<string> urls, HashSet<int> ports)
    {
        Urls = urls;
        _ports = ports;
    }

    /// <summary>The configured gRPC URLs; empty when there is no gRPC listener.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>Whether a connection to local port <paramref name="port"/> came in on the gRPC listener.</summary>
    public bool IsGrpcPort(int port) => _ports.Contains(port);

    /// <summary>
    /// Lifts Kestrel's request body cap for gRPC calls on the gRPC listener (other requests keep it), where gRPC's own <c>MaxReceiveMessageSize</c> caps each
    /// message from its length prefix and answers RESOURCE_EXHAUSTED; Kestrel's cap would cut the stream and leave the
    /// client an UNKNOWN status.
    /// </summary>
    public IApplicationBuilder UseMessageLimits(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return _ports.Count == 0 ? app : app.Use((context, next) =>
        {
            if (IsGrpcPort(context.Connection.LocalPort)
                && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = null;
            }

            return next(context);
        });
    }

    /// <summary>
    /// Reads the gRPC URLs from <paramref name="key"/> (<c>;</c>-separated; unset or empty: none), registers the listener
    /// and makes HTTP/2 the protocol of their ports. The caller adds <see cref="Urls"/> to the addresses it binds.
    /// </summary>
    /// <exception cref="InvalidOperationException">A URL does not parse, or names no port (or port 0).</exception>
    public static GrpcListener Add(WebApplicationBuilder builder, string key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = (builder.Configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = new HashSet<int>();
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{key}: '{url}' is not a URL such as http://127.0.0.1:8086 ({e.Message})", e);
            }

            if (address.Port <= 0 || !url.Contains($":{address.Port}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{key}: '{url}' must name its port (not 0), such as http://127.0.0.1:8086: its port is how the listener is made HTTP/2 only.");
            }

            ports.Add(address.Port);
        }

        var listener = new GrpcListener(urls, ports);
        builder.Services.AddSingleton(listener);
        if (ports.Count > 0)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint =>
            {
                if (endpoint.IPEndPoint is { } bound && ports.Contains(bound.Port))
                {
                    endpoint.Protocols = HttpProtocols.Http2;
                }
            }));
        }

        return listener;
    }
}
