using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>Writes tensor elements as JSON values; non-finite floats, which JSON numbers cannot hold, become the strings "NaN", "Infinity", "-Infinity".</summary>
internal static class TensorElementWriter
{
    public static void WriteAll(Utf8JsonWriter writer, NamedTensor tensor)
    {
        writer.WriteStartArray();
        for (var i = 0; i < tensor.Data.Length; i++)
        {
            Write(writer, tensor.Datatype, tensor.Data, i);
        }

        writer.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter writer, TensorDatatype datatype, Array data, int index)
    {
        switch (datatype)
        {
            case TensorDatatype.Bool: writer.WriteBooleanValue(((bool[])data)[index]); break;
            case TensorDatatype.Uint8: writer.WriteNumberValue(((byte[])data)[index]); break;
            case TensorDatatype.Uint16: writer.WriteNumberValue(((ushort[])data)[index]); break;
            case TensorDatatype.Uint32: writer.WriteNumberValue(((uint[])data)[index]); break;
            case TensorDatatype.Uint64: writer.WriteNumberValue(((ulong[])data)[index]); break;
            case TensorDatatype.Int8: writer.WriteNumberValue(((sbyte[])data)[index]); break;
            case TensorDatatype.Int16: writer.WriteNumberValue(((short[])data)[index]); break;
            case TensorDatatype.Int32: writer.WriteNumberValue(((int[])data)[index]); break;
            case TensorDatatype.Int64: writer.WriteNumberValue(((long[])data)[index]); break;
            case TensorDatatype.Fp16: Float(writer, (float)((Float16[])data)[index]); break;
            case TensorDatatype.Fp32: Float(writer, ((float[])data)[index]); break;
            case TensorDatatype.Fp64: Double(writer, ((double[])data)[index]); break;
            default: writer.WriteStringValue(((string[])data)[index]); break;
        }
    }

    private static void Float(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void Double(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
