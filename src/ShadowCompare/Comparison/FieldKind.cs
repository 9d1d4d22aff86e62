namespace ShadowCompare.Comparison;

/// <summary>How a prediction field is compared, from its JSON type: a boolean or string is a label, a number a score, an array of numbers a vector.</summary>
internal enum FieldKind
{
    /// <summary>A class label: the two answers agree or not.</summary>
    Label,

    /// <summary>A number: absolute and relative difference.</summary>
    Score,

    /// <summary>An array of numbers: cosine similarity.</summary>
    Vector,
}
