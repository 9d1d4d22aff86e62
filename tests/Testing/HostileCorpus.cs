using System.Text;
using System.Text.Json.Nodes;

namespace Testing;

/// <summary>One hostile request body: its bytes and the content type it claims.</summary>
/// <param name="Name">What is wrong with it, for the failure message.</param>
/// <param name="Body">The bytes sent.</param>
/// <param name="ContentType">The Content-Type header sent, or null for none.</param>
public sealed record HostileCase(string Name, byte[] Body, string? ContentType = "application/json")
{
    public override string ToString() => Name;
}

/// <summary>
/// The bodies a client can send that no endpoint may answer with a 5xx or be hurt by: malformed, truncated and deeply
/// nested JSON, huge and non-finite numbers, invalid UTF-8, giant bodies and wrong content types. Every public and
/// admin endpoint that takes a body is tried with all of them (slow, trickled bodies are tried separately, on a socket).
/// </summary>
public static class HostileCorpus
{
    /// <summary>The body of a valid churn call the malformed ones are cut from.</summary>
    private static readonly string Row = ChurnSamples.PredictBody(0, 1);

    /// <summary>Bodies that are text: broken or unexpected JSON.</summary>
    public static IReadOnlyList<(string Name, string Text)> JsonTexts { get; } =
    [
        ("empty", ""),
        ("whitespace only", "   \n\t "),
        ("truncated", Row[..(Row.Length / 2)]),
        ("cut after a key", "{\"instances\":"),
        ("not json", "hello"),
        ("json array", "[1, 2, 3]"),
        ("json string", "\"instances\""),
        ("json number", "42"),
        ("null", "null"),
        ("true", "true"),
        ("empty object", "{}"),
        ("instances null", "{\"instances\": null}"),
        ("instances empty", "{\"instances\": []}"),
        ("instances object", "{\"instances\": {\"tenure_months\": 1}}"),
        ("inputs wrong shape", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [-1], \"data\": [1]}]}"),
        ("trailing garbage", Row + "}"),
        ("two documents", Row + Row),
        ("comment", "/* hi */" + Row),
        ("single quotes", Row.Replace('"', '\'')),
        ("unquoted keys", "{instances: []}"),
        ("trailing comma", "{\"instances\": [{},],}"),
        ("NaN", Row.Replace("\"tenure_months\":", "\"tenure_months\":NaN,\"x\":", StringComparison.Ordinal)),
        ("Infinity", "{\"instances\": [Infinity]}"),
        ("minus Infinity", "{\"instances\": [{\"tenure_months\": -Infinity}]}"),
        ("hex number", "{\"instances\": [{\"tenure_months\": 0x10}]}"),
        ("leading zeros", "{\"instances\": [{\"tenure_months\": 007}]}"),
        ("plus sign", "{\"instances\": [{\"tenure_months\": +1}]}"),
        ("bare decimal point", "{\"instances\": [{\"tenure_months\": .5}]}"),
        ("deep arrays", new string('[', 10_000) + new string(']', 10_000)),
        ("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500)),
        ("unclosed deep arrays", new string('[', 100_000)),
        ("huge number", "{\"instances\": [{\"tenure_months\": 1" + new string('0', 400) + "}]}"),
        ("huge exponent", "{\"instances\": [{\"tenure_months\": 1e999999}]}"),
        ("overflowing double", "{\"instances\": [{\"tenure_months\": 1e309}]}"),
        ("overflowing double in tensor data", InferWith(i => i["inputs"]![0]!["data"] = JsonNode.Parse("[1e309]"))),
        ("overflowing negative double in parameters", InferWith(i => i["parameters"] = JsonNode.Parse("{\"threshold\": -1e400}"))),
        ("long fraction", "{\"instances\": [{\"tenure_months\": 0." + new string('3', 5000) + "}]}"),
        ("huge integer", "{\"instances\": [{\"support_calls\": 99999999999999999999999999999}]}"),
        ("lone surrogate", "{\"instances\": [{\"contract\": \"\\udc00\"}]}"),
        ("bad escape", "{\"instances\": [{\"contract\": \"\\q\"}]}"),
        ("control character", "{\"instances\": [{\"contract\": \"a\u0001b\"}]}"),
        ("nul in string", "{\"instances\": [{\"contract\": \"a\u0000b\"}]}"),
        ("duplicate keys", "{\"instances\": [], \"instances\": []}"),
        ("long string", "{\"instances\": [{\"contract\": \"" + new string('x', 500_000) + "\"}]}"),
        ("long key", "{\"" + new string('k', 200_000) + "\": 1}"),
        ("many keys", "{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":{i}")) + "}"),
        ("many instances", "{\"instances\": [" + string.Join(",", Enumerable.Repeat("{}", 50_000)) + "]}"),
        ("wrong types", "{\"instances\": [{\"tenure_months\": \"3\", \"paperless_billing\": \"true\"}]}"),
        ("negative zero", Row.Replace("\"support_calls\":", "\"support_calls\":-0,\"y\":", StringComparison.Ordinal)),
        ("percent and reason wrong types", "{\"percent\": \"ten\", \"reason\": 5, \"force\": \"yes\"}"),
        ("percent out of range", "{\"percent\": 1e300, \"reason\": \"x\"}"),
        ("parameters version not a version", "{\"parameters\": {\"version\": \"../../etc/passwd\"}}"),
    ];

    // A valid Open Inference Protocol body with one thing changed.
    private static string InferWith(Action<JsonObject> change)
    {
        var body = ChurnSamples.InferBody(0, 1);
        change(body);
        return body.ToJsonString();
    }

    /// <summary>Every case: the texts above as JSON, then bytes that are not UTF-8, giant bodies and wrong content types.</summary>
    public static IReadOnlyList<HostileCase> All { get; } =
    [
        .. JsonTexts.Select(t => new HostileCase(t.Name, Encoding.UTF8.GetBytes(t.Text))),
        new("invalid UTF-8 in a string", Splice(Row, [0xC3, 0x28])),
        new("overlong UTF-8", Splice(Row, [0xC0, 0xAF])),
        new("byte 0xFF", Splice(Row, [0xFF])),
        new("UTF-8 cut inside a character", [.. Encoding.UTF8.GetBytes("{\"instances\": [{\"contract\": \"\u00e9"), 0xC3]),
        new("UTF-16 body", Encoding.Unicode.GetBytes(Row)),
        new("byte order mark", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Row)]),
        new("binary noise", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]),
        new("giant body over every limit", Encoding.UTF8.GetBytes("{\"instances\": [\"" + new string('x', 3 * 1024 * 1024) + "\"]}")),
        new("giant whitespace", Encoding.UTF8.GetBytes(new string(' ', 2 * 1024 * 1024) + Row)),
        new("no content type", Encoding.UTF8.GetBytes(Row), null),
        new("text/plain", Encoding.UTF8.GetBytes(Row), "text/plain"),
        new("xml", Encoding.UTF8.GetBytes("<instances><tenure_months>1</tenure_months></instances>"), "application/xml"),
        new("form", Encoding.UTF8.GetBytes("instances=1&percent=5"), "application/x-www-form-urlencoded"),
        new("multipart", Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"), "multipart/form-data; boundary=b"),
        new("json claiming UTF-16", Encoding.UTF8.GetBytes(Row + "x"), "application/json; charset=utf-16"),
        new("octet-stream", Encoding.UTF8.GetBytes(Row + "x"), "application/octet-stream"),
    ];

    private static byte[] Splice(string text, byte[] bytes)
    {
        var utf8 = Encoding.UTF8.GetBytes(text).ToList();
        utf8.InsertRange(utf8.IndexOf((byte)'m'), bytes);
        return [.. utf8];
    }
}
