using System.Text.Json;
using ModelHost.Inference;
using ModelHost.Store;

namespace ModelHost.Protocol;

/// <summary>Writes inference answers as the protocol's JSON, for an HTTP response or any other buffer.</summary>
internal static class ProtocolResponseWriter
{
    /// <summary>Writes an infer answer's JSON: each output's data, or for a binary one its byte count (its bytes follow the JSON).</summary>
    public static void WriteInferHeader(Utf8JsonWriter writer, LoadedModel model, InferResponseOptions options, NamedTensor[] outputs)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", model.Name);
        writer.WriteString("model_version", model.Version);
        if (options.Id is not null)
        {
            writer.WriteString("id", options.Id);
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
            if (options.IsBinary(output.Name))
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("binary_data_size", BinaryTensorData.ByteLength(output));
                writer.WriteEndObject();
            }
            else
            {
                writer.WritePropertyName("data");
                TensorElementWriter.WriteAll(writer, output);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes a predict answer: one object per instance, each output named by its manifest field: a scalar, or an array when a row has more values.</summary>
    public static void WritePredict(Utf8JsonWriter writer, LoadedModel model, ModelManifest manifest, NamedTensor[] outputs)
    {
        var fields = outputs.Select(o => manifest.Outputs.FirstOrDefault(m => m.Tensor == o.Name)?.Field ?? o.Name).ToArray();
        var rows = outputs.Length == 0 ? 0 : (int)outputs[0].Rows;
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
}
