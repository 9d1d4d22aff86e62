namespace Gateway.Versioning;

/// <summary>
/// One major version of a model's public API: its JSON Schemas are <c>{SchemaDirectory}/{model}/{Version}/</c> and it
/// is served at <c>POST /{Version}/models/{model}:predict</c>. A version is retired in two steps: deprecated (answers
/// carry <c>Deprecation</c>, <c>Sunset</c> and a <c>successor-version</c> link), then, from its sunset, refused with 410.
/// </summary>
public sealed class ApiVersionOptions
{
    /// <summary>The version's name: <c>v</c> and a number, as in its paths.</summary>
    public string Version { get; set; } = "";

    /// <summary>When the version was deprecated (RFC 9745); its answers say so from then on.</summary>
    /// <value>Unset by default: the version is current.</value>
    public DateTimeOffset? Deprecated { get; set; }

    /// <summary>When the version stops being served (RFC 8594); from then on its predict answers 410 Gone.</summary>
    /// <value>Unset by default; only with <see cref="Deprecated"/>, and after it.</value>
    public DateTimeOffset? Sunset { get; set; }

    /// <summary>The version clients should move to; deprecated answers link to it.</summary>
    /// <value>Unset by default; one of the model's other versions.</value>
    public string? Successor { get; set; }
}
