using Settings;

namespace Gateway.Access;

/// <summary>Who may call the public API and how often (<c>Gateway:Access</c>).</summary>
public sealed class AccessOptions
{
    /// <summary>Whether a call without a known <c>X-Api-Key</c> is refused (401).</summary>
    /// <value>Defaults to <see langword="false"/>: keys are optional, but a key that is sent must be known.</value>
    public bool RequireApiKey { get; set; }

    /// <summary>The API keys, by the caller's name (which logs, metrics and canary assignment see; never the key).</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The reverse proxies and load balancers in front of the gateway, as addresses (<c>10.0.0.5</c>) or networks
    /// (<c>10.0.0.0/8</c>). Only a call that arrives from one of them has its client address taken from
    /// <c>X-Forwarded-For</c>; from anywhere else the header is ignored, so a client cannot choose its own address.
    /// </summary>
    /// <value>Defaults to none: the connection's own address is the client's.</value>
    [IpAddresses(AllowNetworks = true)]
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Calls per second allowed to each client address calling without a key; 0 for no limit.</summary>
    /// <value>Defaults to 0; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public int AnonymousPermitsPerSecond { get; set; }
}

/// <summary>One caller's key and rate.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the caller sends in <c>X-Api-Key</c>.</summary>
    [Secret(16, Required = true)]
    public string Key { get; set; } = "";

    /// <summary>
    /// Whether this caller may speak for its end users: its <c>X-User-Id</c> then identifies the user for sticky canary
    /// assignment (a backend-for-frontend, say). Any other caller's <c>X-User-Id</c> is ignored.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Trusted { get; set; }

    /// <summary>Calls per second allowed to this key; 0 for no limit.</summary>
    /// <value>Defaults to 0; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public int PermitsPerSecond { get; set; }

    /// <summary>Calls allowed at once above the steady rate.</summary>
    /// <value>Defaults to 0, meaning one second's worth (<see cref="PermitsPerSecond"/>).</value>
    [SettingRange(0, 1_000_000)]
    public int Burst { get; set; }
}
