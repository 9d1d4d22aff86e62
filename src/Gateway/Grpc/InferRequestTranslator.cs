using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Inference.Grpc;

namespace Gateway.Grpc;

/// <summary>
/// Turns a gRPC <see cref="ModelInferRequest"/> into the protocol's REST infer body, so it takes the REST path: typed
/// contents become JSON data (the very body a REST client would send, so both share cache entries); raw_input_contents
/// become the binary tensor data extension, with binary outputs asked for. A request JSON cannot carry (a non-finite
/// float, invalid UTF-8, FP16 outside raw contents) is refused here with the reason.
/// </summary>
internal static class InferRequestTranslator
{
    /// <summary>The REST body and its content type, and whether the answer comes back as binary data.</summary>
    public static bool TryTranslate(ModelInferRequest message, out byte[] body, out string contentType, out int headerLength, out bool rawOutputs, out string error)
    {
        body = [];
        contentType = "application/json";
        headerLength = 0;
        var raw = message.RawInputContents.Count > 0;
        rawOutputs = raw || (message.Parameters.TryGetValue("binary_data_output", out var wanted)
            && wanted.ParameterChoiceCase == InferParameter.ParameterChoiceOneofCase.BoolParam && wanted.BoolParam);
        if (raw && message.RawInputContents.Count != message.Inputs.Count)
        {
            error = $"raw_input_contents has {message.RawInputContents.Count} entries for {message.Inputs.Count} input(s); give one per input, or none";
            return false;
        }

        var header = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            if (message.Id.Length > 0)
            {
                writer.WriteString("id", message.Id);
            }

            var parameters = message.Parameters.Where(p => p.Key != "binary_data_output").ToList();
            if (parameters.Count > 0 || rawOutputs)
            {
                writer.WriteStartObject("parameters");
                WriteParameters(writer, parameters);
                if (rawOutputs)
                {
                    writer.WriteBoolean("binary_data_output", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteStartArray("inputs");
            for (var i = 0; i < message.Inputs.Count; i++)
            {
                if (!TryWriteInput(writer, message.Inputs[i], i, raw ? message.RawInputContents[i].Length : null, out error))
                {
                    return false;
                }
            }

            writer.WriteEndArray();
            if (message.Outputs.Count > 0)
            {
                writer.WriteStartArray("outputs");
                foreach (var output in message.Outputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", output.Name);
                    // All outputs come back one way (raw or typed), so raw_output_contents line up with the outputs.
                    var kept = output.Parameters.Where(p => p.Key != "binary_data").ToList();
                    if (kept.Count > 0)
                    {
                        writer.WriteStartObject("parameters");
                        WriteParameters(writer, kept);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (!raw)
        {
            body = header.WrittenSpan.ToArray();
            error = "";
            return true;
        }

        headerLength = header.WrittenCount;
        contentType = "application/octet-stream";
        body = new byte[header.WrittenCount + message.RawInputContents.Sum(r => (long)r.Length)];
        header.WrittenSpan.CopyTo(body);
        var at = header.WrittenCount;
        foreach (var blob in message.RawInputContents)
        {
            blob.Span.CopyTo(body.AsSpan(at));
            at += blob.Length;
        }

        error = "";
        return true;
    }

    private static bool TryWriteInput(Utf8JsonWriter writer, ModelInferRequest.Types.InferInputTensor input, int position, int? rawLength, out string error)
    {
        writer.WriteStartObject();
        writer.WriteString("name", input.Name);
        writer.WriteString("datatype", input.Datatype);
        writer.WriteStartArray("shape");
        foreach (var dim in input.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        if (input.Parameters.Count > 0 || rawLength is not null)
        {
            writer.WriteStartObject("parameters");
            WriteParameters(writer, input.Parameters.Where(p => p.Key != "binary_data_size"));
            if (rawLength is { } length)
            {
                writer.WriteNumber("binary_data_size", length);
            }

            writer.WriteEndObject();
        }

        if (rawLength is not null)
        {
            if (input.Contents is not null)
            {
                error = $"input '{input.Name}' has contents as well as raw_input_contents; give one";
                return false;
            }

            writer.WriteEndObject();
            error = "";
            return true;
        }

        if (input.Contents is null)
        {
            error = $"inputs[{position}] ('{input.Name}') has no contents (and the request no raw_input_contents)";
            return false;
        }

        writer.WriteStartArray("data");
        if (!TryWriteContents(writer, input.Datatype, input.Contents, out error))
        {
            error = $"input '{input.Name}': {error}";
            return false;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return true;
    }

    // The typed field of each datatype (the protocol's table); a datatype the gateway does not know writes no data, and the schema names it.
    private static bool TryWriteContents(Utf8JsonWriter writer, string datatype, InferTensorContents contents, out string error)
    {
        error = "";
        switch (datatype)
        {
            case "BOOL":
                foreach (var v in contents.BoolContents)
                {
                    writer.WriteBooleanValue(v);
                }

                return true;
            case "INT8" or "INT16" or "INT32":
                WriteAll(writer, contents.IntContents, (w, v) => w.WriteNumberValue(v));
                return true;
            case "INT64":
                WriteAll(writer, contents.Int64Contents, (w, v) => w.WriteNumberValue(v));
                return true;
            case "UINT8" or "UINT16" or "UINT32":
                WriteAll(writer, contents.UintContents, (w, v) => w.WriteNumberValue(v));
                return true;
            case "UINT64":
                WriteAll(writer, contents.Uint64Contents, (w, v) => w.WriteNumberValue(v));
                return true;
            case "FP32":
                // As floats: the shortest text that reads back as the same float, which is what a REST client sends.
                return TryWriteFinite(writer, contents.Fp32Contents, float.IsFinite, (w, v) => w.WriteNumberValue(v), out error);
            case "FP64":
                return TryWriteFinite(writer, contents.Fp64Contents, double.IsFinite, (w, v) => w.WriteNumberValue(v), out error);
            case "BYTES":
                var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
                for (var i = 0; i < contents.BytesContents.Count; i++)
                {
                    try
                    {
                        writer.WriteStringValue(utf8.GetString(contents.BytesContents[i].Span));
                    }
                    catch (DecoderFallbackException)
                    {
                        error = $"BYTES element {i} is not valid UTF-8";
                        return false;
                    }
                }

                return true;
            case "FP16":
                error = "FP16 elements travel only in raw_input_contents";
                return false;
            default:
                return true;
        }
    }

    private static void WriteAll<T>(Utf8JsonWriter writer, RepeatedField<T> values, Action<Utf8JsonWriter, T> write)
    {
        foreach (var value in values)
        {
            write(writer, value);
        }
    }

    private static bool TryWriteFinite<T>(Utf8JsonWriter writer, RepeatedField<T> values, Func<T, bool> finite, Action<Utf8JsonWriter, T> write, out string error)
        where T : IFormattable
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!finite(values[i]))
            {
                error = $"element {i} ({values[i].ToString(null, CultureInfo.InvariantCulture)}) is not a finite number";
                return false;
            }

            write(writer, values[i]);
        }

        error = "";
        return true;
    }

    private static void WriteParameters(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, InferParameter>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            switch (value.ParameterChoiceCase)
            {
                case InferParameter.ParameterChoiceOneofCase.BoolParam: writer.WriteBoolean(name, value.BoolParam); break;
                case InferParameter.ParameterChoiceOneofCase.Int64Param: writer.WriteNumber(name, value.Int64Param); break;
                case InferParameter.ParameterChoiceOneofCase.Uint64Param: writer.WriteNumber(name, value.Uint64Param); break;
                case InferParameter.ParameterChoiceOneofCase.StringParam: writer.WriteString(name, value.StringParam); break;
                case InferParameter.ParameterChoiceOneofCase.DoubleParam when double.IsFinite(value.DoubleParam): writer.WriteNumber(name, value.DoubleParam); break;
                default: break;
            }
        }
    }
}
