using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>Reads one JSON value as a tensor element of a given datatype, refusing what does not fit it exactly.</summary>
internal static class TensorElementReader
{
    /// <summary>Stores <paramref name="value"/> at <paramref name="index"/> of <paramref name="target"/>.</summary>
    /// <returns>False when the value is not of the datatype (wrong kind, out of range, fractional for an integer type).</returns>
    public static bool TryRead(JsonElement value, TensorDatatype datatype, Array target, int index)
    {
        switch (datatype)
        {
            case TensorDatatype.Bool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return false;
                }

                ((bool[])target)[index] = value.GetBoolean();
                return true;
            case TensorDatatype.Bytes:
                if (!JsonText.TryGetString(value, out var text))
                {
                    return false;
                }

                ((string[])target)[index] = text;
                return true;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        switch (datatype)
        {
            case TensorDatatype.Uint8 when value.TryGetByte(out var u8): ((byte[])target)[index] = u8; return true;
            case TensorDatatype.Uint16 when value.TryGetUInt16(out var u16): ((ushort[])target)[index] = u16; return true;
            case TensorDatatype.Uint32 when value.TryGetUInt32(out var u32): ((uint[])target)[index] = u32; return true;
            case TensorDatatype.Uint64 when value.TryGetUInt64(out var u64): ((ulong[])target)[index] = u64; return true;
            case TensorDatatype.Int8 when value.TryGetSByte(out var i8): ((sbyte[])target)[index] = i8; return true;
            case TensorDatatype.Int16 when value.TryGetInt16(out var i16): ((short[])target)[index] = i16; return true;
            case TensorDatatype.Int32 when value.TryGetInt32(out var i32): ((int[])target)[index] = i32; return true;
            case TensorDatatype.Int64 when value.TryGetInt64(out var i64): ((long[])target)[index] = i64; return true;
            case TensorDatatype.Fp16 when value.TryGetSingle(out var f16) && float.IsFinite(f16) && Math.Abs(f16) <= 65504f:
                ((Float16[])target)[index] = (Float16)f16;
                return true;
            case TensorDatatype.Fp32 when value.TryGetSingle(out var f32) && float.IsFinite(f32): ((float[])target)[index] = f32; return true;
            case TensorDatatype.Fp64 when value.TryGetDouble(out var f64) && double.IsFinite(f64): ((double[])target)[index] = f64; return true;
            default: return false;
        }
    }
}
