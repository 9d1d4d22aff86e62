namespace ControlPlane;

/// <summary>A desired-state document as stored: its content and the version each write raises by one.</summary>
/// <param name="Version">1 for the first write; 0 means the document does not exist.</param>
/// <param name="Content">The document, as JSON text.</param>
public sealed record StoredDocument(long Version, string Content);
