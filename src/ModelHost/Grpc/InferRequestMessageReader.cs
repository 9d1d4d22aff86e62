using System.Buffers;
using Inference.Grpc;
using ModelHost.Inference;
using ModelHost.Protocol;

namespace ModelHost.Grpc;

/// <summary>
/// Reads a gRPC <see cref="ModelInferRequest"/> against the model, as <see cref="InferRequestReader"/> reads the REST
/// body: each input's name, datatype and shape checked before its data is read, from its typed contents or from
/// raw_input_contents (all inputs raw, or none), then the requested outputs.
/// </summary>
internal static class InferRequestMessageReader
{
    /// <summary>The request parameter asking for the outputs as raw_output_contents.</summary>
    public const string BinaryDataOutput = "binary_data_output";

    public static bool TryRead(
        ModelInferRequest message, ModelSession session, long maxElements, out InferenceRequest request, out bool rawOutputs, out string error)
    {
        request = null!;
        rawOutputs = message.RawInputContents.Count > 0
            || (message.Parameters.TryGetValue(BinaryDataOutput, out var binary) && binary.ParameterChoiceCase == InferParameter.ParameterChoiceOneofCase.BoolParam && binary.BoolParam);
        if (message.RawInputContents.Count > 0 && message.RawInputContents.Count != message.Inputs.Count)
        {
            return Fail($"raw_input_contents has {message.RawInputContents.Count} entries for {message.Inputs.Count} input(s); give one per input, or none", out error);
        }

        var inputs = new List<NamedTensor>(message.Inputs.Count);
        for (var i = 0; i < message.Inputs.Count; i++)
        {
            var raw = message.RawInputContents.Count > 0 ? message.RawInputContents[i] : null;
            if (!TryReadInput(message.Inputs[i], i, raw, session, maxElements, out var tensor, out error))
            {
                return false;
            }

            inputs.Add(tensor);
        }

        var problem = InferenceRequestValidator.ValidateSet(session, inputs);
        if (problem is not null)
        {
            return Fail(problem, out error);
        }

        var outputs = new List<TensorSpec>();
        foreach (var wanted in message.Outputs)
        {
            var spec = session.Outputs.FirstOrDefault(o => o.Name == wanted.Name);
            if (spec is null)
            {
                return Fail($"unknown output '{wanted.Name}'; the model's outputs are {string.Join(", ", session.Outputs.Select(o => o.Name))}", out error);
            }

            if (!outputs.Contains(spec))
            {
                outputs.Add(spec);
            }
        }

        request = new InferenceRequest(inputs, outputs.Count > 0 ? outputs : session.Outputs);
        error = "";
        return true;
    }

    private static bool TryReadInput(
        ModelInferRequest.Types.InferInputTensor input, int position, Google.Protobuf.ByteString? raw, ModelSession session, long maxElements,
        out NamedTensor tensor, out string error)
    {
        tensor = null!;
        var name = input.Name;
        if (name.Length == 0)
        {
            return Fail($"inputs[{position}].name is empty", out error);
        }

        if (!TensorDatatypes.TryParse(input.Datatype, out var datatype))
        {
            return Fail($"input '{name}': datatype must be one of {string.Join(", ", Enum.GetValues<TensorDatatype>().Select(d => d.Name()))}", out error);
        }

        if (!TensorShapeReader.TryCount(name, input.Shape, maxElements, out var count, out error))
        {
            return false;
        }

        long[] shape = [.. input.Shape];
        var mismatch = InferenceRequestValidator.ValidateInput(session, name, datatype, shape);
        if (mismatch is not null)
        {
            return Fail(mismatch, out error);
        }

        Array data;
        string problem;
        if (raw is not null)
        {
            if (input.Contents is not null)
            {
                return Fail($"input '{name}' has contents as well as raw_input_contents; give one", out error);
            }

            if (!BinaryTensorData.TryRead(new ReadOnlySequence<byte>(raw.Memory), datatype, (int)count, out data, out problem))
            {
                return Fail($"input '{name}': {problem.Replace("binary_data_size is", "its raw_input_contents entry is", StringComparison.Ordinal)}", out error);
            }
        }
        else if (input.Contents is null)
        {
            return Fail($"input '{name}' has no contents (and the request no raw_input_contents)", out error);
        }
        else if (!TensorContents.TryRead(input.Contents, datatype, (int)count, out data, out problem))
        {
            return Fail($"input '{name}': {problem}", out error);
        }

        tensor = new NamedTensor(name, datatype, shape, data);
        error = "";
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
