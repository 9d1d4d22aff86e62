using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane;
using Gateway.Audit;

namespace Gateway.Flags;

/// <summary>
/// Changes a model's canary share in the control plane's flags document: a compare-and-set on its version with the
/// audit record in the same write, then in force on this replica at once (the others hear of it within a second).
/// When another change lands first, the change is made again on top of it, so neither is lost; a caller that named
/// the version it expects (<c>If-Match</c>) gets a conflict instead.
/// </summary>
internal sealed class FlagStore(CanaryFlags flags, IDesiredState store, TimeProvider time, ILogger<FlagStore> logger)
{
    // Each attempt loses only to a write that landed; ten SREs and the analysis at once still get through.
    private const int Attempts = 64;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<FlagsChange> SetShareAsync(
        string model, double percent, string action, string actor, string reason,
        PromotedVersions? promoted = null, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await store.ReadAsync(CanaryFlags.DocumentName, cancellationToken);
            if (current is null)
            {
                return new FlagsChange(FlagsChangeOutcome.Unavailable, null, flags.Version);
            }

            if (expectedVersion is { } expected && expected != current.Version)
            {
                return new FlagsChange(FlagsChangeOutcome.Conflict, null, current.Version);
            }

            var document = Document(current);
            var old = FlagsDocument.ReadShares(Configuration(document)).GetValueOrDefault(model);
            if (action == AuditActions.AutoRollback && old == percent)
            {
                // Rolled back already (a lease changed hands mid-pass): once for the fleet, not twice.
                return new FlagsChange(FlagsChangeOutcome.Unchanged, null, current.Version);
            }

            FlagsDocument.SetShare(document, model, percent);
            var record = new AuditRecord(time.GetUtcNow(), model, action, actor, old, percent, reason, promoted, current.Version + 1);
            var written = await store.CompareAndSetAsync(
                CanaryFlags.DocumentName, current.Version, document.ToJsonString(Indented), AuditLog.Serialize(record), cancellationToken: cancellationToken);
            switch (written.Outcome)
            {
                case WriteOutcome.Written:
                    flags.Apply(written.Current!);
                    Log.ShareChanged(logger, model, action, actor, old, percent, reason);
                    return new FlagsChange(FlagsChangeOutcome.Applied, record, written.Current!.Version);
                case WriteOutcome.Unavailable:
                    return new FlagsChange(FlagsChangeOutcome.Unavailable, null, flags.Version);
                default:
                    continue;
            }
        }

        return new FlagsChange(FlagsChangeOutcome.Conflict, null, flags.Version);
    }

    // The stored document, to keep every other flag in it. If it is missing or broken (an edit by hand), the change is
    // made to the flags in force (the last good ones) instead, so a change, and above all a rollback, never fails on it.
    private JsonObject Document(StoredDocument current)
    {
        if (current.Version > 0)
        {
            var (data, error) = FlagsConfigurationProvider.Parse(current.Content);
            if (data is not null && JsonNode.Parse(current.Content) is JsonObject parsed)
            {
                return parsed;
            }

            Log.RewritingBrokenFlags(logger, current.Version, error);
        }

        return JsonNode.Parse(flags.Content) as JsonObject ?? [];
    }

    private static IConfiguration Configuration(JsonObject document) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()))).Build();
}
