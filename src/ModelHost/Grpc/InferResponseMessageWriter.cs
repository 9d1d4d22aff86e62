using System.Buffers;
using Google.Protobuf;
using Inference.Grpc;
using ModelHost.Inference;
using ModelHost.Protocol;

namespace ModelHost.Grpc;

/// <summary>
/// Writes the outputs of an inference as a <see cref="ModelInferResponse"/>: in typed contents, or all as
/// raw_output_contents when the caller sent raw inputs or asked for binary_data_output (or an output has no typed
/// field, FP16).
/// </summary>
internal static class InferResponseMessageWriter
{
    public static ModelInferResponse Write(LoadedModel model, string id, NamedTensor[] outputs, bool raw)
    {
        var response = new ModelInferResponse { ModelName = model.Name, ModelVersion = model.Version, Id = id };
        var contents = raw ? [] : outputs.Select(TensorContents.Write).ToArray();
        raw = raw || contents.Any(c => c is null);
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = outputs[i];
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype.Name() };
            tensor.Shape.AddRange(output.Shape);
            if (!raw)
            {
                tensor.Contents = contents[i];
            }

            response.Outputs.Add(tensor);
        }

        if (raw)
        {
            foreach (var output in outputs)
            {
                var bytes = new ArrayBufferWriter<byte>((int)Math.Max(1, BinaryTensorData.ByteLength(output)));
                BinaryTensorData.Write(bytes, output);
                response.RawOutputContents.Add(ByteString.CopyFrom(bytes.WrittenSpan));
            }
        }

        return response;
    }
}
