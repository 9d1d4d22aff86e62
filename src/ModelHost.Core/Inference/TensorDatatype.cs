using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelHost.Inference;

/// <summary>The Open Inference Protocol's tensor datatypes and their ONNX Runtime element types.</summary>
/// <remarks>See https://github.com/kserve/open-inference-protocol/blob/main/specification/protocol/inference_rest.md#tensor-data-types.</remarks>
internal enum TensorDatatype
{
    Bool,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Int8,
    Int16,
    Int32,
    Int64,
    Fp16,
    Fp32,
    Fp64,
    Bytes,
}

/// <summary>Conversions between protocol names, <see cref="TensorDatatype"/> and ONNX Runtime's element types.</summary>
internal static class TensorDatatypes
{
    private static readonly Dictionary<string, TensorDatatype> ByName = Enum.GetValues<TensorDatatype>()
        .ToDictionary(Name, d => d, StringComparer.Ordinal);

    public static string Name(this TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool => "BOOL",
        TensorDatatype.Uint8 => "UINT8",
        TensorDatatype.Uint16 => "UINT16",
        TensorDatatype.Uint32 => "UINT32",
        TensorDatatype.Uint64 => "UINT64",
        TensorDatatype.Int8 => "INT8",
        TensorDatatype.Int16 => "INT16",
        TensorDatatype.Int32 => "INT32",
        TensorDatatype.Int64 => "INT64",
        TensorDatatype.Fp16 => "FP16",
        TensorDatatype.Fp32 => "FP32",
        TensorDatatype.Fp64 => "FP64",
        _ => "BYTES",
    };

    public static bool TryParse(string? name, out TensorDatatype datatype) =>
        ByName.TryGetValue(name ?? "", out datatype);

    public static bool TryFromOnnx(TensorElementType type, out TensorDatatype datatype)
    {
        datatype = type switch
        {
            TensorElementType.Bool => TensorDatatype.Bool,
            TensorElementType.UInt8 => TensorDatatype.Uint8,
            TensorElementType.UInt16 => TensorDatatype.Uint16,
            TensorElementType.UInt32 => TensorDatatype.Uint32,
            TensorElementType.UInt64 => TensorDatatype.Uint64,
            TensorElementType.Int8 => TensorDatatype.Int8,
            TensorElementType.Int16 => TensorDatatype.Int16,
            TensorElementType.Int32 => TensorDatatype.Int32,
            TensorElementType.Int64 => TensorDatatype.Int64,
            TensorElementType.Float16 => TensorDatatype.Fp16,
            TensorElementType.Float => TensorDatatype.Fp32,
            TensorElementType.Double => TensorDatatype.Fp64,
            TensorElementType.String => TensorDatatype.Bytes,
            _ => (TensorDatatype)(-1),
        };
        return Enum.IsDefined(datatype);
    }

    /// <summary>The managed array type that holds a tensor's elements.</summary>
    public static Array Allocate(this TensorDatatype datatype, int length) => datatype switch
    {
        TensorDatatype.Bool => new bool[length],
        TensorDatatype.Uint8 => new byte[length],
        TensorDatatype.Uint16 => new ushort[length],
        TensorDatatype.Uint32 => new uint[length],
        TensorDatatype.Uint64 => new ulong[length],
        TensorDatatype.Int8 => new sbyte[length],
        TensorDatatype.Int16 => new short[length],
        TensorDatatype.Int32 => new int[length],
        TensorDatatype.Int64 => new long[length],
        TensorDatatype.Fp16 => new Float16[length],
        TensorDatatype.Fp32 => new float[length],
        TensorDatatype.Fp64 => new double[length],
        _ => new string[length],
    };
}
