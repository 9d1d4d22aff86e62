namespace ModelHost.Store;

/// <summary>Where model versions come from: a folder or an HTTP(S) base URL with the same layout.</summary>
internal interface IModelStore
{
    /// <summary>Every model in the store and its version folder names.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Brings one version to local disk and verifies it; a failure throws <see cref="ModelStoreException"/> naming the cause.</summary>
    Task<ModelArtifact> FetchAsync(string model, string version, CancellationToken cancellationToken);
}
