using System.Text;

namespace ControlPlane.Local;

/// <summary>The audit trail as a file in the local folder (<c>audit.jsonl</c>): one line per entry, flushed to disk before the change is reported done.</summary>
internal sealed class LocalAuditTrail(LocalFolder folder) : IAuditTrail
{
    private readonly Lock _lock = new();

    public Task<bool> AppendAsync(string entry, CancellationToken cancellationToken = default)
    {
        try
        {
            Append(entry);
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    public Task<IReadOnlyList<string>?> ReadAsync(int limit, CancellationToken cancellationToken = default)
    {
        var path = folder.File("audit.jsonl");
        string[] lines;
        lock (_lock)
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        }

        // A line cut short by a crash mid-append is left for the reader to skip.
        IReadOnlyList<string> newest = [.. lines.Reverse().Where(l => l.Length > 0).Take(limit)];
        return Task.FromResult<IReadOnlyList<string>?>(newest);
    }

    public void Append(string entry)
    {
        var line = Encoding.UTF8.GetBytes(entry.ReplaceLineEndings(" ") + "\n");
        lock (_lock)
        {
            using var file = new FileStream(folder.File("audit.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }
}
