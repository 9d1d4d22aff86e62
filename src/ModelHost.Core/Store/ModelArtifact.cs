namespace ModelHost.Store;

/// <summary>A version read from the store and verified; the weights are the very bytes that were hashed, so nothing can swap them in between.</summary>
internal sealed record ModelArtifact(string Name, string Version, byte[] Weights, ModelManifest? Manifest);
