using System.Text.Json;

namespace ModelHost.Protocol;

/// <summary>Reads the protocol's optional <c>"parameters"</c> objects.</summary>
internal static class Parameters
{
    public static bool IsTrue(JsonElement owner, string name) =>
        owner.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
        && parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <returns>Null when absent; false when present but not a non-negative integer.</returns>
    public static bool? TryGetSize(JsonElement owner, string name, out long size)
    {
        size = 0;
        if (!owner.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out size) && size >= 0;
    }
}
