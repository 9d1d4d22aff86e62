namespace ModelHost.Store;

/// <summary>A model store on local disk: <c>{root}/{name}/{version}/model.onnx</c> and an optional <c>model.json</c>.</summary>
internal sealed class FolderModelStore(string root) : IModelStore
{
    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(CancellationToken cancellationToken)
    {
        var models = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(models);
        }

        foreach (var modelDir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(modelDir);
            if (!ModelName.IsValid(name))
            {
                continue;
            }

            var versions = Directory.EnumerateDirectories(modelDir)
                .Where(v => File.Exists(Path.Combine(v, ModelHostConfig.WeightsFile)))
                .Select(v => Path.GetFileName(v))
                .Where(v => ModelVersion.TryParse(v, out _))
                .ToList();
            if (versions.Count > 0)
            {
                models[name] = versions;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(models);
    }

    public async Task<ModelArtifact> FetchAsync(string model, string version, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, model, version);
        var weights = Path.Combine(folder, ModelHostConfig.WeightsFile);
        if (!File.Exists(weights))
        {
            throw new ModelStoreException(model, version, $"{weights} does not exist");
        }

        var manifestPath = Path.Combine(folder, ModelHostConfig.ManifestFile);
        ModelManifest? manifest = null;
        if (File.Exists(manifestPath))
        {
            manifest = ManifestReader.Parse(model, version, await File.ReadAllBytesAsync(manifestPath, cancellationToken));
        }

        var bytes = await File.ReadAllBytesAsync(weights, cancellationToken);
        WeightsVerifier.Verify(model, version, bytes, manifest?.Sha256);
        return new ModelArtifact(model, version, bytes, manifest);
    }
}
