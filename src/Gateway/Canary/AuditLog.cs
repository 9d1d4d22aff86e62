using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Gateway.Canary;

/// <summary>The audit file: one JSON line per change, appended and flushed to disk before the change is reported done.</summary>
internal sealed class AuditLog(IOptions<GatewayOptions> options)
{
    private readonly string _path = Path.GetFullPath(options.Value.Canary.AuditFile);
    private readonly Lock _lock = new();

    public void Append(AuditRecord record)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record) + "\n");
        lock (_lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>The newest records first, optionally of one model and some actions only.</summary>
    public IReadOnlyList<AuditRecord> Read(string? model = null, IReadOnlyCollection<string>? actions = null, int limit = 100)
    {
        string[] lines;
        lock (_lock)
        {
            if (!File.Exists(_path))
            {
                return [];
            }

            lines = File.ReadAllLines(_path);
        }

        var found = new List<AuditRecord>();
        for (var i = lines.Length - 1; i >= 0 && found.Count < limit; i--)
        {
            var record = TryParse(lines[i]);
            if (record is not null && (model is null || record.Model == model) && (actions is null || actions.Contains(record.Action)))
            {
                found.Add(record);
            }
        }

        return found;
    }

    /// <summary>The newest record of a model with one of the actions, or null.</summary>
    public AuditRecord? Latest(string model, IReadOnlyCollection<string> actions) =>
        Read(model, actions, limit: 1) is [var newest, ..] ? newest : null;

    // A line cut short by a crash mid-append is skipped, not fatal.
    private static AuditRecord? TryParse(string line)
    {
        try
        {
            return line.Length == 0 ? null : JsonSerializer.Deserialize<AuditRecord>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
