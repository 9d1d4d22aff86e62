namespace Gateway;

/// <summary>The tracks a model's traffic is split between.</summary>
internal enum Track
{
    /// <summary>The version serving most callers.</summary>
    Stable,

    /// <summary>The version being tried on a share of callers.</summary>
    Canary,
}
