using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// Parses a body once into the token tree that validation and the cache key both use. Newtonsoft's reader is lenient
/// (comments, single quotes, NaN), so a strict RFC 8259 scan with <see cref="System.Text.Json.Utf8JsonReader"/>
/// runs first; it builds nothing and costs little next to the tree.
/// </summary>
internal static class JsonBodyParser
{
    private const int MaxDepth = 64;

    /// <returns>The token, or null with a message saying where the JSON breaks.</returns>
    public static JToken? TryParse(ReadOnlySpan<byte> utf8, out string error)
    {
        if (!IsStrictJson(utf8, out error))
        {
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            error = "The body is not valid UTF-8.";
            return null;
        }

        using var reader = new JsonTextReader(new StringReader(text))
        {
            ArrayPool = JsonCharPool.Instance,
            MaxDepth = MaxDepth,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        try
        {
            var token = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read())
            {
                error = $"Unexpected content after the JSON value at line {reader.LineNumber}, position {reader.LinePosition}.";
                return null;
            }

            error = "";
            return token;
        }
        catch (JsonReaderException e)
        {
            error = $"The body is not valid JSON: {e.Message}";
            return null;
        }
    }

    private static bool IsStrictJson(ReadOnlySpan<byte> utf8, out string error)
    {
        var reader = new System.Text.Json.Utf8JsonReader(utf8, new System.Text.Json.JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                // Newtonsoft reads an integer past 64 bits as a BigInteger, which NJsonSchema's number checks cannot
                // handle (they throw); refuse it here with the way to send it instead.
                if (reader.TokenType == System.Text.Json.JsonTokenType.Number && IsInteger(reader.ValueSpan) && !reader.TryGetInt64(out _))
                {
                    error = $"The integer at byte {reader.TokenStartIndex} does not fit in 64 bits; send it with an exponent (1e30) if it must be that large.";
                    return false;
                }

                // 1e309 is valid JSON but no double: it would reach the model and the cache key as infinity.
                if (reader.TokenType == System.Text.Json.JsonTokenType.Number && (!reader.TryGetDouble(out var number) || !double.IsFinite(number)))
                {
                    error = $"The number at byte {reader.TokenStartIndex} is out of range: numbers must be finite 64-bit floats (magnitude up to 1.7976931348623157e308).";
                    return false;
                }
            }

            error = "";
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            error = $"The body is not valid JSON: {e.Message}";
            return false;
        }
    }

    // Line numbers on every token are never read (validation reports JSON paths), and cost an object per value.
    private static readonly JsonLoadSettings LoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };

    private static bool IsInteger(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
