using Gateway.Audit;

namespace Gateway.Flags;

/// <summary>How a change to the flags ended.</summary>
internal enum FlagsChangeOutcome
{
    /// <summary>Stored in the control plane, with its audit record, and in force on this replica.</summary>
    Applied,

    /// <summary>The flags are not at the version the caller expected (<c>If-Match</c>); nothing changed.</summary>
    Conflict,

    /// <summary>The control plane could not be reached; nothing changed.</summary>
    Unavailable,

    /// <summary>An automated change found the flags already as it would set them (another replica made it first); nothing was written.</summary>
    Unchanged,
}

/// <summary>A change to the flags: its outcome, its audit record when applied, and the flags' version now (0 when unknown).</summary>
internal sealed record FlagsChange(FlagsChangeOutcome Outcome, AuditRecord? Record, long Version);
