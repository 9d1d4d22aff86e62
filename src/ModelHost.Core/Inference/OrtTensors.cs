using Microsoft.ML.OnnxRuntime;

namespace ModelHost.Inference;

/// <summary>Moves tensors between managed arrays and <see cref="OrtValue"/>s: inputs are pinned, not copied.</summary>
internal static class OrtTensors
{
    public static OrtValue ToOrtValue(NamedTensor tensor) => tensor.Datatype switch
    {
        TensorDatatype.Bool => Pin<bool>(tensor),
        TensorDatatype.Uint8 => Pin<byte>(tensor),
        TensorDatatype.Uint16 => Pin<ushort>(tensor),
        TensorDatatype.Uint32 => Pin<uint>(tensor),
        TensorDatatype.Uint64 => Pin<ulong>(tensor),
        TensorDatatype.Int8 => Pin<sbyte>(tensor),
        TensorDatatype.Int16 => Pin<short>(tensor),
        TensorDatatype.Int32 => Pin<int>(tensor),
        TensorDatatype.Int64 => Pin<long>(tensor),
        TensorDatatype.Fp16 => Pin<Float16>(tensor),
        TensorDatatype.Fp32 => Pin<float>(tensor),
        TensorDatatype.Fp64 => Pin<double>(tensor),
        _ => Strings(tensor),
    };

    /// <summary>Copies an output out of ONNX Runtime's memory, once, into a managed array the response can outlive the run with.</summary>
    public static NamedTensor FromOrtValue(string name, TensorDatatype datatype, OrtValue value)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        Array data = datatype switch
        {
            TensorDatatype.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorDatatype.Uint8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorDatatype.Uint16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorDatatype.Uint32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorDatatype.Uint64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorDatatype.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorDatatype.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorDatatype.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorDatatype.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorDatatype.Fp16 => value.GetTensorDataAsSpan<Float16>().ToArray(),
            TensorDatatype.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorDatatype.Fp64 => value.GetTensorDataAsSpan<double>().ToArray(),
            _ => value.GetStringTensorAsArray(),
        };
        return new NamedTensor(name, datatype, shape, data);
    }

    private static OrtValue Pin<T>(NamedTensor tensor)
        where T : unmanaged => OrtValue.CreateTensorValueFromMemory((T[])tensor.Data, tensor.Shape);

    private static OrtValue Strings(NamedTensor tensor)
    {
        var strings = (string[])tensor.Data;
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, tensor.Shape);
        for (var i = 0; i < strings.Length; i++)
        {
            value.StringTensorSetElementAt(strings[i].AsSpan(), i);
        }

        return value;
    }
}
