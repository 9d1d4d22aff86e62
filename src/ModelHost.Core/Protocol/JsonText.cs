using System.Text.Json;

namespace ModelHost.Protocol;

/// <summary>Reads JSON strings a client sent, refusing (not throwing on) ones that cannot become .NET strings.</summary>
internal static class JsonText
{
    /// <returns>False when the value is not a string, or holds invalid UTF-8 or a lone surrogate escape (<c>"\udc00"</c>).</returns>
    public static bool TryGetString(JsonElement element, out string value)
    {
        value = "";
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // GetString's documented failure for text that does not transcode; the caller answers 400.
            return false;
        }
    }

    public static bool TryGetString(JsonElement parent, string property, out string value)
    {
        value = "";
        return parent.TryGetProperty(property, out var element) && TryGetString(element, out value);
    }
}
