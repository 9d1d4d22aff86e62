namespace ModelHost.Models;

/// <summary>What the host knows of one configured model: the version it serves, if any, and the last load failure.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Requested">The configured version, or <c>latest</c>.</param>
/// <param name="Serving">The version serving now, or <see langword="null"/>.</param>
/// <param name="LastError">Why the last load was refused, or <see langword="null"/>.</param>
/// <param name="Required">Named in configuration, so the host is not ready until it serves.</param>
internal sealed record ModelState(string Name, string Requested, string? Serving, string? LastError, bool Required);
