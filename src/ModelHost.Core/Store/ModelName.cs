using System.Text.RegularExpressions;

namespace ModelHost.Store;

/// <summary>What a model may be called: a name that is safe as a folder, a URL segment and a metric tag.</summary>
internal static partial class ModelName
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex Pattern();
}
