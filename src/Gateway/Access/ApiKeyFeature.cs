namespace Gateway.Access;

/// <summary>The named caller a request's API key belongs to.</summary>
/// <param name="Caller">The key's name in configuration.</param>
/// <param name="Trusted">Whether the key may assert its end users' identity (<c>X-User-Id</c>).</param>
internal sealed record ApiKeyFeature(string Caller, bool Trusted);
