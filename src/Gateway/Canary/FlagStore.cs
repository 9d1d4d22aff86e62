using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Canary;

/// <summary>
/// Changes a model's canary share: rewrites the flags file atomically (a new file renamed over the old one, so a
/// reader never sees half a file), makes it take effect on this instance at once, and appends the audit record.
/// The file stays the source of truth: other gateway replicas reading it see the change when they reload it.
/// </summary>
internal sealed class FlagStore(CanaryFlags flags, AuditLog audit, TimeProvider time, ILogger<FlagStore> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly SemaphoreSlim _writing = new(1, 1);

    public async Task<AuditRecord> SetShareAsync(string model, double percent, string action, string actor, string reason, PromotedVersions? promoted = null)
    {
        await _writing.WaitAsync();
        try
        {
            var old = flags.Share(model);
            var document = await ReadDocumentAsync();
            FlagsDocument.SetShare(document, model, percent);
            await WriteAtomicallyAsync(document);
            flags.Reload();

            var record = new AuditRecord(time.GetUtcNow(), model, action, actor, old, percent, reason, promoted);
            audit.Append(record);
            Log.ShareChanged(logger, model, action, actor, old, percent, reason);
            return record;
        }
        finally
        {
            _writing.Release();
        }
    }

    // The file as it is on disk, to keep every other flag in it. If it is broken on disk, the flags in force (the last
    // good ones) are written back instead, so a change, and above all a rollback, never fails because of a bad edit.
    private async Task<JsonObject> ReadDocumentAsync()
    {
        if (File.Exists(flags.FilePath))
        {
            try
            {
                var bytes = await File.ReadAllBytesAsync(flags.FilePath);
                if (JsonNode.Parse(bytes) is JsonObject parsed
                    && FlagsDocument.Validate(new ConfigurationBuilder().AddJsonStream(new MemoryStream(bytes)).Build()).Count == 0)
                {
                    return parsed;
                }
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or FormatException)
            {
                Log.RewritingBrokenFlags(logger, flags.FilePath, e.Message);
            }
        }

        return ConfigurationJson.ToJson(flags.Root) as JsonObject ?? [];
    }

    private async Task WriteAtomicallyAsync(JsonObject document)
    {
        var temporary = flags.FilePath + $".{Environment.ProcessId}.tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(file, document, Indented);
            await file.FlushAsync();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, flags.FilePath, overwrite: true);
    }

    public void Dispose() => _writing.Dispose();
}
