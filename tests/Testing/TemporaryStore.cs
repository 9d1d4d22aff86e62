namespace Testing;

/// <summary>A throw-away model store folder, filled by copying versions from the shipped one.</summary>
public sealed class TemporaryStore : IDisposable
{
    public TemporaryStore()
    {
        Path = Directory.CreateTempSubdirectory("modelhost-store-").FullName;
    }

    public string Path { get; }

    public string VersionFolder(string model, string version) => System.IO.Path.Combine(Path, model, version);

    /// <summary>Copies a shipped version; with <paramref name="withManifest"/> false, only its model.onnx.</summary>
    public TemporaryStore Copy(string model, string version, bool withManifest = true, string? from = null)
    {
        var source = System.IO.Path.Combine(from ?? RepositoryPaths.Models, model, version);
        var target = Directory.CreateDirectory(VersionFolder(model, version)).FullName;
        foreach (var file in Directory.GetFiles(source).Where(f => withManifest || !f.EndsWith("model.json", StringComparison.Ordinal)))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return this;
    }

    /// <summary>Flips one byte of a version's weights, as a corrupted download or a tampered file would.</summary>
    public void Tamper(string model, string version)
    {
        var weights = System.IO.Path.Combine(VersionFolder(model, version), "model.onnx");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
