namespace Gateway.Access;

/// <summary>The named caller a request's API key belongs to.</summary>
/// <param name="Caller">The key's name in configuration.</param>
internal sealed record ApiKeyFeature(string Caller);
