using System.Text.Json;
using ControlPlane;

namespace Gateway.Audit;

/// <summary>The control plane's audit trail, read and written as <see cref="AuditRecord"/>s: the same trail from every replica.</summary>
internal sealed class AuditLog(IAuditTrail trail)
{
    // Records are filtered after reading, so a model's newest few may sit behind this many of other models'.
    private const int ScanLimit = 10_000;

    public static string Serialize(AuditRecord record) => JsonSerializer.Serialize(record);

    /// <summary>Appends a record that goes with no document write. False when the control plane is unreachable.</summary>
    public Task<bool> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        trail.AppendAsync(Serialize(record), cancellationToken);

    /// <summary>The newest records first, optionally of one model and some actions only; null when the control plane is unreachable.</summary>
    public async Task<IReadOnlyList<AuditRecord>?> ReadAsync(string? model = null, IReadOnlyCollection<string>? actions = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var entries = await trail.ReadAsync(model is null && actions is null ? limit : ScanLimit, cancellationToken);
        return entries?.Select(TryParse)
            .Where(r => r is not null && (model is null || r.Model == model) && (actions is null || actions.Contains(r.Action)))
            .Take(limit)
            .ToList()!;
    }

    /// <summary>The newest record of a model with one of the actions, or null (also when the control plane is unreachable).</summary>
    public async Task<AuditRecord?> LatestAsync(string model, IReadOnlyCollection<string> actions, CancellationToken cancellationToken = default) =>
        await ReadAsync(model, actions, limit: 1, cancellationToken) is [var newest, ..] ? newest : null;

    // A line cut short by a crash mid-append is skipped, not fatal.
    private static AuditRecord? TryParse(string entry)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditRecord>(entry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
