using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelHost.Tests.Infrastructure;

/// <summary>Builds and reads bodies of the protocol's binary tensor data extension, written here independently of the server's code.</summary>
internal static class BinaryRequests
{
    public static ByteArrayContent Content(JsonObject header, params byte[][] blobs)
    {
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var content = new ByteArrayContent([.. json, .. blobs.SelectMany(b => b)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    public static byte[] Floats(IEnumerable<float> values) => [.. values.SelectMany(BitConverter.GetBytes)];

    public static byte[] Bools(IEnumerable<bool> values) => [.. values.Select(v => v ? (byte)1 : (byte)0)];

    public static byte[] Strings(IEnumerable<string> values) => [.. values.SelectMany(s =>
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
        return prefix.Concat(bytes);
    })];

    /// <summary>The churn rows as binary inputs: every input's data moved after the JSON header.</summary>
    public static ByteArrayContent ChurnInfer(int skip, int count, bool binaryOutput)
    {
        var header = ChurnSamples.InferBody(skip, count);
        var blobs = new List<byte[]>();
        foreach (var input in header["inputs"]!.AsArray().Select(i => i!.AsObject()))
        {
            var data = input["data"]!.AsArray();
            var blob = (string)input["datatype"]! switch
            {
                "FP32" => Floats(data.Select(v => (float)v!)),
                "BOOL" => Bools(data.Select(v => (bool)v!)),
                _ => Strings(data.Select(v => (string)v!)),
            };
            input.Remove("data");
            input["parameters"] = new JsonObject { ["binary_data_size"] = blob.Length };
            blobs.Add(blob);
        }

        if (binaryOutput)
        {
            header["parameters"] = new JsonObject { ["binary_data_output"] = true };
        }

        return Content(header, [.. blobs]);
    }

    /// <summary>Splits a binary answer into its JSON header and each output's raw bytes, in order.</summary>
    public static async Task<(JsonObject Header, Dictionary<string, byte[]> Outputs)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var length = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var header = JsonNode.Parse(body.AsSpan(0, length))!.AsObject();
        var outputs = new Dictionary<string, byte[]>();
        var offset = length;
        foreach (var output in header["outputs"]!.AsArray())
        {
            var size = (int?)output!["parameters"]?["binary_data_size"];
            if (size is int bytes)
            {
                outputs[(string)output["name"]!] = body[offset..(offset + bytes)];
                offset += bytes;
            }
        }

        Assert.Equal(body.Length, offset);
        return (header, outputs);
    }
}
