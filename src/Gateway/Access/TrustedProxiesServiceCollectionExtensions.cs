using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gateway.Access;

/// <summary>
/// ASP.NET Core's forwarded-headers handling, trusting only <see cref="AccessOptions.TrustedProxies"/>: a call from one
/// of them has its client address and scheme from <c>X-Forwarded-For</c>/<c>-Proto</c>; from anywhere else (loopback
/// included, which ASP.NET Core trusts by default) the headers change nothing.
/// </summary>
internal static class TrustedProxiesServiceCollectionExtensions
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{GatewayConfig.Section}:Access:{nameof(AccessOptions.TrustedProxies)}").Get<List<string>>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list of networks still defaults to loopback and is still honoured; it must be emptied too.
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in proxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Reads <c>X-Forwarded-*</c> from trusted proxies, when there are any. With none the middleware is left out
    /// altogether: given empty lists, ASP.NET Core's believes the headers from anyone.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var forwarded = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
#pragma warning disable ASPDEPR005 // See AddTrustedProxies.
        if (forwarded.KnownProxies.Count + forwarded.KnownIPNetworks.Count + forwarded.KnownNetworks.Count > 0)
#pragma warning restore ASPDEPR005
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
