using System.Text.Json.Nodes;

namespace ModelHost.Store;

/// <summary>A version's optional <c>model.json</c>: what it is, how to verify it and how named features map to tensors.</summary>
internal sealed record ModelManifest
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Changelog { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of <c>model.onnx</c>; checked before the weights load.</summary>
    public string? Sha256 { get; init; }

    public IReadOnlyList<InputMapping> Inputs { get; init; } = [];

    public IReadOnlyList<OutputMapping> Outputs { get; init; } = [];

    public JsonObject? Metrics { get; init; }
}

/// <summary>One input tensor filled from named features: shape [instances, features].</summary>
internal sealed record InputMapping(string Tensor, IReadOnlyList<string> Features);

/// <summary>One output tensor named as a prediction field: a scalar per instance, or an array when it has more columns.</summary>
internal sealed record OutputMapping(string Tensor, string Field);
