using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ModelHost.Inference;
using ModelHost.Store;

namespace ModelHost.Protocol;

/// <summary>Streams inference answers straight into the HTTP response body.</summary>
internal static class ProtocolResponses
{
    public static async Task WriteInferAsync(HttpResponse response, LoadedModel model, InferResponseOptions options, NamedTensor[] outputs)
    {
        if (!options.AnyBinary)
        {
            response.ContentType = "application/json";
            await using (var writer = new Utf8JsonWriter(response.BodyWriter))
            {
                ProtocolResponseWriter.WriteInferHeader(writer, model, options, outputs);
            }

            await response.BodyWriter.FlushAsync();
            return;
        }

        // Binary data extension: the JSON header's length goes in a response header, so it is written aside first.
        var header = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(header))
        {
            ProtocolResponseWriter.WriteInferHeader(writer, model, options, outputs);
        }

        response.ContentType = "application/octet-stream";
        response.Headers[BinaryTensorData.HeaderLengthHeader] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
        response.BodyWriter.Write(header.WrittenSpan);
        foreach (var output in outputs.Where(o => options.IsBinary(o.Name)))
        {
            BinaryTensorData.Write(response.BodyWriter, output);
        }

        await response.BodyWriter.FlushAsync();
    }

    public static async Task WritePredictAsync(HttpResponse response, LoadedModel model, ModelManifest manifest, NamedTensor[] outputs)
    {
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            ProtocolResponseWriter.WritePredict(writer, model, manifest, outputs);
        }

        await response.BodyWriter.FlushAsync();
    }
}
