using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Admin;

/// <summary>
/// The admin listener (<c>Gateway:AdminUrls</c>): Kestrel endpoints of their own for the admin API and <c>/metrics</c>,
/// so the public port serves only the public API and health, and a network policy or firewall can keep operators'
/// port away from clients. A request belongs to the listener it arrived on, told by its local port: no header a client
/// sends can move it from one to the other.
/// </summary>
internal sealed class AdminListener
{
    /// <summary>The <c>Gateway:AdminUrls</c> value that turns the admin listener off.</summary>
    public const string None = "none";

    private readonly List<ListenOptions> _endpoints = [];

    /// <summary>Whether any admin URL is configured; without one the admin API and <c>/metrics</c> are served nowhere.</summary>
    public bool IsConfigured => _endpoints.Count > 0;

    /// <summary>The first admin address as bound (its real port, also when configured as 0), for logs and tests.</summary>
    public Uri? Address => _endpoints.Count == 0 ? null : new Uri($"http://{_endpoints[0].IPEndPoint}");

    /// <summary>Whether a connection to local port <paramref name="port"/> came in on the admin listener.</summary>
    public bool IsAdminPort(int port)
    {
        foreach (var endpoint in _endpoints)
        {
            if (endpoint.IPEndPoint?.Port == port)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Kestrel writes the bound port back into the options, so keeping them is enough to know it after start.</summary>
    public void Add(ListenOptions endpoint) => _endpoints.Add(endpoint);

    /// <summary>The listeners' addresses, <c>http://host:port</c>, <c>https://…</c>; <c>*</c>, <c>+</c> or a name listen on every address.</summary>
    public static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions>? also)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Gateway:AdminUrls or urls: '{url}' is not a URL such as http://127.0.0.1:9080 ({e.Message})", e);
        }

        void Configure(ListenOptions options)
        {
            if (address.Scheme == Uri.UriSchemeHttps)
            {
                options.UseHttps();
            }

            also?.Invoke(options);
        }

        var host = address.Host.Trim('[', ']');
        if (host == "localhost")
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }
}
