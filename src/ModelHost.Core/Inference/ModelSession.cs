using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace ModelHost.Inference;

/// <summary>One loaded ONNX Runtime session and what its graph declares; safe to run from many threads at once.</summary>
internal sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    public ModelSession(byte[] weights, SessionOptions options)
    {
        _session = new InferenceSession(weights, options);
        Inputs = Specs(_session.InputMetadata, out var unsupportedInputs);
        UnsupportedInputs = unsupportedInputs;
        Outputs = Specs(_session.OutputMetadata, out var unsupported);
        UnsupportedOutputs = unsupported;
    }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>Inputs that are not tensors of a protocol datatype: a model with any cannot be served.</summary>
    public IReadOnlyList<string> UnsupportedInputs { get; }

    /// <summary>The tensor outputs, the ones the protocol can return.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Outputs that are not tensors (sequences, maps), which are left out of every answer.</summary>
    public IReadOnlyList<string> UnsupportedOutputs { get; }

    /// <summary>Runs the graph once; the inputs must match <see cref="Inputs"/> in datatype and rank.</summary>
    public NamedTensor[] Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var names = new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        var outputNames = new string[outputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                names[i] = inputs[i].Name;
                values[i] = OrtTensors.ToOrtValue(inputs[i]);
            }

            for (var i = 0; i < outputs.Count; i++)
            {
                outputNames[i] = outputs[i].Name;
            }

            using var results = _session.Run(_runOptions, names, values, outputNames);
            var answer = new NamedTensor[outputs.Count];
            for (var i = 0; i < outputs.Count; i++)
            {
                answer[i] = OrtTensors.FromOrtValue(outputs[i].Name, outputs[i].Datatype, results[i]);
            }

            return answer;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static TensorSpec[] Specs(IReadOnlyDictionary<string, NodeMetadata> metadata, out IReadOnlyList<string> unsupported)
    {
        var specs = new List<TensorSpec>();
        var others = new List<string>();
        foreach (var (name, node) in metadata)
        {
            if (node.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR && TensorDatatypes.TryFromOnnx(node.ElementDataType, out var datatype))
            {
                specs.Add(new TensorSpec(name, datatype, [.. node.Dimensions.Select(d => (long)d)]));
            }
            else
            {
                others.Add(name);
            }
        }

        unsupported = others;
        return [.. specs];
    }
}
