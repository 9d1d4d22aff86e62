using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace Gateway.Caching;

/// <summary>
/// A canonical form of a JSON value, so the same question asked differently is the same cache key: object keys sorted
/// by ordinal, numbers by value (1, 1.0 and 1e0 alike; integers exactly, others as the shortest round-trip double),
/// strings re-escaped one way, no insignificant white space.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Sha256(JToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, token);
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, JToken token)
    {
        switch (token)
        {
            case JObject obj:
                writer.WriteStartObject();
                foreach (var property in obj.Properties().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JValue { Type: JTokenType.Integer } integer:
                WriteInteger(writer, integer);
                break;
            case JValue { Type: JTokenType.Float } number:
                WriteNumber(writer, Convert.ToDouble(number.Value, CultureInfo.InvariantCulture));
                break;
            case JValue { Type: JTokenType.Boolean } flag:
                writer.WriteBooleanValue((bool)flag.Value!);
                break;
            case JValue { Type: JTokenType.Null }:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(token.ToString());
                break;
        }
    }

    private static void WriteInteger(Utf8JsonWriter writer, JValue integer)
    {
        // Newtonsoft reads integers past long as BigInteger; those keep their exact digits.
        if (integer.Value is long value)
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteRawValue(Convert.ToString(integer.Value, CultureInfo.InvariantCulture)!, skipInputValidation: true);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (Math.Abs(value) < 9007199254740992d && Math.Floor(value) == value)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }
}
