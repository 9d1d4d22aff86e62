using System.Text.Json;
using ModelHost.Inference;
using ModelHost.Store;

namespace ModelHost.Protocol;

/// <summary>Streams inference answers as JSON straight into the response body.</summary>
internal static class ProtocolResponseWriter
{
    public static async Task WriteInferAsync(HttpResponse response, LoadedModel model, string? id, NamedTensor[] outputs)
    {
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name", model.Name);
            writer.WriteString("model_version", model.Version);
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            writer.WriteStartArray("outputs");
            foreach (var output in outputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", output.Name);
                writer.WriteString("datatype", output.Datatype.Name());
                writer.WriteStartArray("shape");
                foreach (var dim in output.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("data");
                TensorElementWriter.WriteAll(writer, output);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync();
    }

    /// <summary>Writes one object per instance, each output named by its manifest field: a scalar, or an array when a row has more values.</summary>
    public static async Task WritePredictAsync(HttpResponse response, LoadedModel model, ModelManifest manifest, NamedTensor[] outputs)
    {
        response.ContentType = "application/json";
        var fields = outputs.Select(o => manifest.Outputs.FirstOrDefault(m => m.Tensor == o.Name)?.Field ?? o.Name).ToArray();
        var rows = outputs.Length == 0 ? 0 : (int)outputs[0].Rows;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("predictions");
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStartObject();
                for (var o = 0; o < outputs.Length; o++)
                {
                    writer.WritePropertyName(fields[o]);
                    var width = outputs[o].Data.Length / rows;
                    if (width == 1)
                    {
                        TensorElementWriter.Write(writer, outputs[o].Datatype, outputs[o].Data, row);
                        continue;
                    }

                    writer.WriteStartArray();
                    for (var i = 0; i < width; i++)
                    {
                        TensorElementWriter.Write(writer, outputs[o].Datatype, outputs[o].Data, (row * width) + i);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("model");
            writer.WriteString("name", model.Name);
            writer.WriteString("version", model.Version);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync();
    }
}
