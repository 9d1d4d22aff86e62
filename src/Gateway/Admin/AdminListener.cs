using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Admin;

/// <summary>
/// The admin listener (<c>Gateway:AdminUrls</c>): addresses of their own for the admin API and <c>/metrics</c>, so the
/// public port serves only the public API and health, and a network policy or firewall can keep operators' port away
/// from clients. A request belongs to the listener it arrived on, told by its local port: no header a client sends can
/// move it from one to the other.
/// </summary>
/// <param name="publicUrls">The public URLs, as the host would have bound them; empty when <c>Kestrel:Endpoints</c> binds the public side.</param>
/// <param name="adminUrls">The admin URLs; empty when there is no admin listener.</param>
/// <param name="grpcUrls">The gRPC listener's URLs (<see cref="GrpcListener"/>), bound here after the others.</param>
internal sealed class AdminListener(IReadOnlyList<string> publicUrls, IReadOnlyList<string> adminUrls, IReadOnlyList<string> grpcUrls)
{
    /// <summary>The <c>Gateway:AdminUrls</c> value that turns the admin listener off.</summary>
    public const string None = "none";

    private readonly List<ListenOptions> _endpoints = [];
    private ICollection<string>? _addresses;
    private int[]? _ports;

    /// <summary>Whether there is an admin listener; without one the admin API and <c>/metrics</c> are served nowhere.</summary>
    public bool IsConfigured => adminUrls.Count > 0;

    /// <summary>The first admin address as bound (its real port, also when configured as 0), for logs and tests.</summary>
    public Uri? Address => Bound().FirstOrDefault();

    /// <summary>Whether a connection to local port <paramref name="port"/> came in on the admin listener.</summary>
    public bool IsAdminPort(int port)
    {
        var ports = _ports ?? Ports();
        return Array.IndexOf(ports, port) >= 0;
    }

    /// <summary>
    /// Gives the server the public URLs, then the admin ones, to bind, the way the host gives it <c>urls</c>: Kestrel
    /// binds them in that order and writes each one's real address back in its place, so the last ones are the admin
    /// listener's. (Listeners set in code instead would make Kestrel drop the hosting URLs, with a warning.)
    /// </summary>
    public void Attach(IServer server)
    {
        if ((!IsConfigured && grpcUrls.Count == 0) || publicUrls.Count == 0)
        {
            return;
        }

        var addresses = server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        addresses.Clear();
        foreach (var url in publicUrls.Concat(adminUrls).Concat(grpcUrls))
        {
            addresses.Add(url);
        }

        _addresses = addresses;
    }

    /// <summary>With <c>Kestrel:Endpoints</c> in charge of the public side, the admin and gRPC URLs are listened on in code; Kestrel writes each bound port back into its options.</summary>
    public void ListenIn(KestrelServerOptions kestrel)
    {
        foreach (var url in adminUrls.Concat(grpcUrls))
        {
            var address = BindingAddress.Parse(url);
            var host = address.Host.Trim('[', ']');
            var admin = adminUrls.Contains(url);
            void Keep(ListenOptions options)
            {
                if (admin)
                {
                    _endpoints.Add(options);
                }
                else if (address.Scheme == "https")
                {
                    options.UseHttps();
                }
            }

            if (host == "localhost")
            {
                kestrel.ListenLocalhost(address.Port, Keep);
            }
            else if (IPAddress.TryParse(host, out var ip))
            {
                kestrel.Listen(ip, address.Port, Keep);
            }
            else
            {
                kestrel.ListenAnyIP(address.Port, Keep);
            }
        }
    }

    private IEnumerable<Uri> Bound() => _addresses is { } addresses
        ? addresses.Skip(publicUrls.Count).Take(adminUrls.Count).Select(a => new Uri(a.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)))
        : _endpoints.Select(e => new Uri($"http://{e.IPEndPoint}"));

    // Known once the server has bound every port (a port configured as 0 is 0 until then); kept from then on.
    private int[] Ports()
    {
        var ports = Bound().Select(u => u.Port).ToArray();
        if (ports.Length == adminUrls.Count && ports.All(p => p > 0))
        {
            _ports = ports;
        }

        return ports;
    }
}
