using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Pipeline.Intake;

namespace Gateway.Admin;

/// <summary>The body of <c>PUT /admin/models/{model}/canary</c>.</summary>
/// <param name="Percent">The canary share to set, 0 to 100.</param>
/// <param name="Reason">Why, for the audit record.</param>
internal sealed record CanaryChange(
    [property: JsonPropertyName("percent")] double? Percent,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>The optional body of <c>POST …/rollback</c> and <c>POST …/promote</c>.</summary>
/// <param name="Reason">Why, for the audit record.</param>
internal sealed record ActionReason([property: JsonPropertyName("reason")] string? Reason);

/// <summary>The optional body of <c>POST …/promote</c>.</summary>
/// <param name="Reason">Why, for the audit record; required when <paramref name="Force"/> is set.</param>
/// <param name="Force">Promote even though the candidate fails the promotion gate.</param>
internal sealed record PromoteRequest(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("force")] bool Force = false);

/// <summary>The body of <c>PUT /admin/models/{model}/versions/{track}</c>.</summary>
/// <param name="Version">The semantic version the track should serve.</param>
/// <param name="Reason">Why, for the audit record.</param>
internal sealed record SetVersionRequest(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>Reads an admin call's small JSON body strictly: unknown fields, wrong types and oversized bodies are refused with the reason.</summary>
internal static class AdminRequests
{
    public const int MaxReasonLength = 1000;
    private const int MaxBodyBytes = 16 * 1024;
    private static readonly JsonSerializerOptions Strict = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, MaxDepth = 8 };

    /// <returns>The body (or <paramref name="empty"/> when there is none), or null with the error.</returns>
    public static async Task<(T? Body, string Error)> ReadAsync<T>(HttpContext context, T? empty)
        where T : class
    {
        var (bytes, _, error) = await RequestBodyReader.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (bytes is null)
        {
            return (null, error);
        }

        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return empty is null ? (null, "The body is empty; send a JSON object.") : (empty, "");
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(bytes, Strict);
            return body is null ? (null, "The body must be a JSON object.") : (body, "");
        }
        catch (JsonException e)
        {
            return (null, $"The body is not a valid request: {e.Message}");
        }
    }

    /// <summary>Why a version cannot be one (a semantic version: letters, digits, '.', '-', '+'; at most 64), or null.</summary>
    public static string? CheckVersion(string? version) =>
        version is { Length: > 0 and <= 64 } && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+')
            ? null
            : "version must be a semantic version such as 1.1.0 (letters, digits, '.', '-', '+'; at most 64 characters).";

    public static string? CheckReason(string? reason) =>
        reason is { Length: > MaxReasonLength } ? $"reason is longer than {MaxReasonLength} characters." : null;
}
