namespace ControlPlane.Local;

/// <summary>
/// Records as files in the local folder (<c>records/{collection}/{id}</c>, each <c>{version}|{content}</c>), written
/// whole by rename and compared and set under one lock: a local control plane has one replica.
/// </summary>
internal sealed class LocalRecords(LocalFolder folder) : IRecords
{
    private readonly Lock _lock = new();

    public Task<StoredDocument?> ReadAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<StoredDocument?>(Read(Path(collection, id)));
        }
    }

    public Task<WriteResult> CompareAndSetAsync(string collection, string id, long expectedVersion, string content, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var path = Path(collection, id);
            var current = Read(path);
            if (current.Version != expectedVersion)
            {
                return Task.FromResult(new WriteResult(WriteOutcome.Conflict, current));
            }

            var written = new StoredDocument(expectedVersion + 1, content);
            LocalFolder.WriteAtomically(path, $"{written.Version}|{content}");
            return Task.FromResult(new WriteResult(WriteOutcome.Written, written));
        }
    }

    public Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            File.Delete(Path(collection, id));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyDictionary<string, StoredDocument>?> ListAsync(string collection, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var directory = System.IO.Path.GetDirectoryName(Path(collection, "x"))!;
            IReadOnlyDictionary<string, StoredDocument> records = Directory.EnumerateFiles(directory)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .ToDictionary(f => System.IO.Path.GetFileName(f), Read, StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyDictionary<string, StoredDocument>?>(records);
        }
    }

    // Ids and collections are the caller's own names (letters, digits, '-'), never a client's text.
    private string Path(string collection, string id)
    {
        if (!IsName(collection) || !IsName(id))
        {
            throw new ArgumentException($"'{collection}/{id}' is not a record name (letters, digits and '-')");
        }

        var directory = folder.File(System.IO.Path.Combine("records", collection));
        Directory.CreateDirectory(directory);
        return System.IO.Path.Combine(directory, id);
    }

    private static bool IsName(string name) => name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static StoredDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            return new StoredDocument(0, "");
        }

        var value = File.ReadAllText(path);
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return new StoredDocument(long.Parse(value.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture), value[(bar + 1)..]);
    }
}
