using System.Text.Json;

namespace ModelHost.Store;

/// <summary>Reads and checks a <c>model.json</c> against the folder it sits in.</summary>
internal static class ManifestReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ModelManifest Parse(string model, string version, ReadOnlySpan<byte> json)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ModelStoreException(model, version, $"{ModelHostConfig.ManifestFile} is not valid: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelStoreException(model, version, $"{ModelHostConfig.ManifestFile} is empty");
        }

        if (manifest.Name is not null && manifest.Name != model)
        {
            throw new ModelStoreException(model, version, $"{ModelHostConfig.ManifestFile} names model '{manifest.Name}'");
        }

        if (manifest.Version is not null && manifest.Version != version)
        {
            throw new ModelStoreException(model, version, $"{ModelHostConfig.ManifestFile} names version '{manifest.Version}'");
        }

        if (manifest.Sha256 is not null && (manifest.Sha256.Length != 64 || !manifest.Sha256.All(char.IsAsciiHexDigitLower)))
        {
            throw new ModelStoreException(model, version, "sha256 in the manifest is not 64 lower-case hex digits");
        }

        return manifest;
    }
}
