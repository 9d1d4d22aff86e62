using System.Text.Json.Serialization;

namespace Gateway.Protocol;

/// <summary>The Open Inference Protocol's error body: <c>{"error": "…"}</c>.</summary>
internal sealed record OipError([property: JsonPropertyName("error")] string Error);
