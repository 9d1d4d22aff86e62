using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Inference.Grpc;

namespace Gateway.Grpc;

/// <summary>
/// Turns the protocol's REST answers back into gRPC messages: an infer answer (JSON data into the typed contents of
/// each datatype, or binary data into raw_output_contents) and model metadata. An answer that does not translate (a
/// datatype with no typed field, such as FP16, asked for without raw contents) is INTERNAL, saying why.
/// </summary>
internal static class InferAnswerTranslator
{
    public static ModelInferResponse Infer(DispatchedAnswer answer)
    {
        try
        {
            return Translate(answer);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new RpcException(new Status(StatusCode.Internal,
                $"The model's answer could not be turned into a gRPC message ({e.Message}); ask for raw contents (binary_data_output)."));
        }
    }

    private static ModelInferResponse Translate(DispatchedAnswer answer)
    {
        var headerLength = answer.Body.Length;
        if (int.TryParse(answer.Headers[Pipeline.Intake.ParsedBody.BinaryHeaderLength], NumberStyles.None, CultureInfo.InvariantCulture, out var declared)
            && declared <= answer.Body.Length)
        {
            headerLength = declared;
        }

        using var json = JsonDocument.Parse(answer.Body.AsMemory(0, headerLength));
        var root = json.RootElement;
        var response = new ModelInferResponse
        {
            ModelName = Text(root, "model_name"),
            ModelVersion = Text(root, "model_version"),
            Id = Text(root, "id"),
        };
        var at = headerLength;
        foreach (var output in root.GetProperty("outputs").EnumerateArray())
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = Text(output, "name"), Datatype = Text(output, "datatype") };
            tensor.Shape.AddRange(output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                var length = size.GetInt32();
                response.RawOutputContents.Add(ByteString.CopyFrom(answer.Body, at, length));
                at += length;
            }
            else if (output.TryGetProperty("data", out var data))
            {
                tensor.Contents = Contents(tensor.Datatype, data);
            }

            response.Outputs.Add(tensor);
        }

        return response;
    }

    public static ModelMetadataResponse Metadata(DispatchedAnswer answer)
    {
        using var json = JsonDocument.Parse(answer.Body);
        var root = json.RootElement;
        var response = new ModelMetadataResponse { Name = Text(root, "name"), Platform = Text(root, "platform") };
        if (root.TryGetProperty("versions", out var versions))
        {
            response.Versions.AddRange(versions.EnumerateArray().Select(v => v.GetString() ?? ""));
        }

        response.Inputs.AddRange(Tensors(root, "inputs"));
        response.Outputs.AddRange(Tensors(root, "outputs"));
        return response;
    }

    private static IEnumerable<ModelMetadataResponse.Types.TensorMetadata> Tensors(JsonElement root, string property) =>
        root.TryGetProperty(property, out var tensors)
            ? tensors.EnumerateArray().Select(t =>
            {
                var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = Text(t, "name"), Datatype = Text(t, "datatype") };
                tensor.Shape.AddRange(t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
                return tensor;
            })
            : [];

    // Each datatype's typed field, as the proto's comment on InferTensorContents lays out.
    private static InferTensorContents Contents(string datatype, JsonElement data)
    {
        var contents = new InferTensorContents();
        var values = Flatten(data).ToList();
        switch (datatype)
        {
            case "BOOL": contents.BoolContents.AddRange(values.Select(v => v.GetBoolean())); break;
            case "INT8" or "INT16" or "INT32": contents.IntContents.AddRange(values.Select(v => v.GetInt32())); break;
            case "INT64": contents.Int64Contents.AddRange(values.Select(v => v.GetInt64())); break;
            case "UINT8" or "UINT16" or "UINT32": contents.UintContents.AddRange(values.Select(v => v.GetUInt32())); break;
            case "UINT64": contents.Uint64Contents.AddRange(values.Select(v => v.GetUInt64())); break;
            case "FP32": contents.Fp32Contents.AddRange(values.Select(v => (float)Number(v))); break;
            case "FP64": contents.Fp64Contents.AddRange(values.Select(Number)); break;
            case "BYTES": contents.BytesContents.AddRange(values.Select(v => ByteString.CopyFromUtf8(v.GetString() ?? ""))); break;
            default: throw new FormatException($"{datatype} has no typed contents field");
        }

        return contents;
    }

    // JSON has no NaN or infinity: ModelHost writes them as the strings "NaN", "Infinity" and "-Infinity".
    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"'{other}' is not a number"),
        }
        : value.GetDouble();

    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
