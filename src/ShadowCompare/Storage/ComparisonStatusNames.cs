namespace ShadowCompare.Storage;

/// <summary>How a <see cref="ComparisonStatus"/> is spelled where it leaves the process: the store's <c>status</c> column.</summary>
internal static class ComparisonStatusNames
{
    public static string Name(this ComparisonStatus status) => status == ComparisonStatus.Compared ? "compared" : "failed";

    /// <exception cref="InvalidDataException">The store holds a status this version does not know.</exception>
    public static ComparisonStatus Parse(string name) => name switch
    {
        "compared" => ComparisonStatus.Compared,
        "failed" => ComparisonStatus.Failed,
        _ => throw new InvalidDataException($"unknown comparison status '{name}' in the store"),
    };
}
