using System.Text;
using Google.Protobuf;
using Inference.Grpc;
using ModelHost.Inference;

namespace ModelHost.Grpc;

/// <summary>
/// A tensor's elements in the protocol's typed <see cref="InferTensorContents"/> fields, both ways: BOOL in
/// bool_contents; INT8, INT16, INT32 in int_contents; INT64 in int64_contents; UINT8, UINT16, UINT32 in uint_contents;
/// UINT64 in uint64_contents; FP32, FP64 in theirs; BYTES in bytes_contents. FP16 has no field: raw contents only.
/// </summary>
internal static class TensorContents
{
    /// <summary>Reads <paramref name="count"/> elements of <paramref name="datatype"/> from their field, checking each fits the type.</summary>
    public static bool TryRead(InferTensorContents contents, TensorDatatype datatype, int count, out Array data, out string error)
    {
        data = Array.Empty<byte>();
        var given = Count(contents, datatype);
        if (given is null)
        {
            error = $"{datatype.Name()} elements travel only in raw_input_contents";
            return false;
        }

        if (given != count)
        {
            error = $"{Field(datatype)} holds {given} element(s) but the shape holds {count}";
            return false;
        }

        // Allocated once the count matches what was sent: a tiny message declaring a huge shape costs nothing.
        data = datatype.Allocate(count);
        error = "";
        switch (data)
        {
            case bool[] a: contents.BoolContents.CopyTo(a, 0); return true;
            case long[] a: contents.Int64Contents.CopyTo(a, 0); return true;
            case ulong[] a: contents.Uint64Contents.CopyTo(a, 0); return true;
            case float[] a: contents.Fp32Contents.CopyTo(a, 0); return true;
            case double[] a: contents.Fp64Contents.CopyTo(a, 0); return true;
            case int[] a: contents.IntContents.CopyTo(a, 0); return true;
            case uint[] a: contents.UintContents.CopyTo(a, 0); return true;
            case sbyte[] a: return TryNarrow(contents.IntContents, a, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v, datatype, out error);
            case short[] a: return TryNarrow(contents.IntContents, a, short.MinValue, short.MaxValue, v => (short)v, datatype, out error);
            case byte[] a: return TryNarrow(contents.UintContents, a, byte.MinValue, byte.MaxValue, v => (byte)v, datatype, out error);
            case ushort[] a: return TryNarrow(contents.UintContents, a, ushort.MinValue, ushort.MaxValue, v => (ushort)v, datatype, out error);
            case string[] a: return TryDecode(contents.BytesContents, a, out error);
            default:
                error = $"{datatype.Name()} elements travel only in raw_input_contents";
                return false;
        }
    }

    /// <summary>The contents of an output, or null for a datatype with no field (FP16), which goes raw.</summary>
    public static InferTensorContents? Write(NamedTensor tensor)
    {
        var contents = new InferTensorContents();
        switch (tensor.Data)
        {
            case bool[] a: contents.BoolContents.AddRange(a); break;
            case sbyte[] a: contents.IntContents.AddRange(a.Select(v => (int)v)); break;
            case short[] a: contents.IntContents.AddRange(a.Select(v => (int)v)); break;
            case int[] a: contents.IntContents.AddRange(a); break;
            case long[] a: contents.Int64Contents.AddRange(a); break;
            case byte[] a: contents.UintContents.AddRange(a.Select(v => (uint)v)); break;
            case ushort[] a: contents.UintContents.AddRange(a.Select(v => (uint)v)); break;
            case uint[] a: contents.UintContents.AddRange(a); break;
            case ulong[] a: contents.Uint64Contents.AddRange(a); break;
            case float[] a: contents.Fp32Contents.AddRange(a); break;
            case double[] a: contents.Fp64Contents.AddRange(a); break;
            case string[] a: contents.BytesContents.AddRange(a.Select(ByteString.CopyFromUtf8)); break;
            default: return null;
        }

        return contents;
    }

    private static int? Count(InferTensorContents contents, TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool => contents.BoolContents.Count,
        TensorDatatype.Int8 or TensorDatatype.Int16 or TensorDatatype.Int32 => contents.IntContents.Count,
        TensorDatatype.Int64 => contents.Int64Contents.Count,
        TensorDatatype.Uint8 or TensorDatatype.Uint16 or TensorDatatype.Uint32 => contents.UintContents.Count,
        TensorDatatype.Uint64 => contents.Uint64Contents.Count,
        TensorDatatype.Fp32 => contents.Fp32Contents.Count,
        TensorDatatype.Fp64 => contents.Fp64Contents.Count,
        TensorDatatype.Bytes => contents.BytesContents.Count,
        _ => null,
    };

    private static string Field(TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool => "bool_contents",
        TensorDatatype.Int8 or TensorDatatype.Int16 or TensorDatatype.Int32 => "int_contents",
        TensorDatatype.Int64 => "int64_contents",
        TensorDatatype.Uint8 or TensorDatatype.Uint16 or TensorDatatype.Uint32 => "uint_contents",
        TensorDatatype.Uint64 => "uint64_contents",
        TensorDatatype.Fp32 => "fp32_contents",
        TensorDatatype.Fp64 => "fp64_contents",
        _ => "bytes_contents",
    };

    private static bool TryNarrow<TWide, TNarrow>(
        Google.Protobuf.Collections.RepeatedField<TWide> source, TNarrow[] target, long min, long max, Func<TWide, TNarrow> narrow, TensorDatatype datatype, out string error)
        where TWide : struct, IConvertible
    {
        for (var i = 0; i < target.Length; i++)
        {
            var value = source[i].ToInt64(System.Globalization.CultureInfo.InvariantCulture);
            if (value < min || value > max)
            {
                error = $"element {i} ({value}) is not a valid {datatype.Name()}";
                return false;
            }

            target[i] = narrow(source[i]);
        }

        error = "";
        return true;
    }

    private static bool TryDecode(Google.Protobuf.Collections.RepeatedField<ByteString> source, string[] target, out string error)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (var i = 0; i < target.Length; i++)
        {
            try
            {
                target[i] = utf8.GetString(source[i].Span);
            }
            catch (DecoderFallbackException)
            {
                error = $"BYTES element {i} is not valid UTF-8";
                return false;
            }
        }

        error = "";
        return true;
    }
}
