namespace ShadowCompare.Comparison;

/// <summary>One field of one prediction row, compared between the primary (or baseline) and the shadow (or candidate).</summary>
/// <param name="Row">The row of the request the prediction answers.</param>
/// <param name="Field">The prediction field.</param>
/// <param name="Kind">How it was compared.</param>
/// <param name="Primary">The primary's value, as JSON.</param>
/// <param name="Shadow">The shadow's value, as JSON.</param>
/// <param name="Agree">Whether the two agree: equal labels, scores within the tolerance, vectors above the cosine threshold.</param>
/// <param name="AbsoluteDifference">For scores: |shadow − primary|.</param>
/// <param name="RelativeDifference">For scores: |shadow − primary| / max(|primary|, ε).</param>
/// <param name="Cosine">For vectors: their cosine similarity.</param>
internal sealed record FieldComparison(
    int Row, string Field, FieldKind Kind, string Primary, string Shadow, bool Agree,
    double? AbsoluteDifference = null, double? RelativeDifference = null, double? Cosine = null);
