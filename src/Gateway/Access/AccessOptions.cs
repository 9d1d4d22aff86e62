namespace Gateway.Access;

/// <summary>Who may call the public API and how often (<c>Gateway:Access</c>).</summary>
public sealed class AccessOptions
{
    /// <summary>Whether a call without a known <c>X-Api-Key</c> is refused (401).</summary>
    /// <value>Defaults to <see langword="false"/>: keys are optional, but a key that is sent must be known.</value>
    public bool RequireApiKey { get; set; }

    /// <summary>The API keys, by the caller's name (which logs, metrics and canary assignment see; never the key).</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Calls per second allowed to each client address calling without a key; 0 for no limit.</summary>
    /// <value>Defaults to 0; 0 to 1,000,000.</value>
    public int AnonymousPermitsPerSecond { get; set; }
}

/// <summary>One caller's key and rate.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the caller sends in <c>X-Api-Key</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>Calls per second allowed to this key; 0 for no limit.</summary>
    /// <value>Defaults to 0; 0 to 1,000,000.</value>
    public int PermitsPerSecond { get; set; }

    /// <summary>Calls allowed at once above the steady rate.</summary>
    /// <value>Defaults to 0, meaning one second's worth (<see cref="PermitsPerSecond"/>).</value>
    public int Burst { get; set; }
}
