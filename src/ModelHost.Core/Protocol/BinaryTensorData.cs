using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>
/// The protocol's binary tensor data extension: raw little-endian elements after the JSON header, BOOL as one byte,
/// BYTES as 4-byte length-prefixed strings. Large tensors skip JSON number parsing entirely.
/// </summary>
/// <remarks>See https://github.com/triton-inference-server/server/blob/main/docs/protocol/extension_binary_data.md.</remarks>
internal static class BinaryTensorData
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    public static int ElementSize(TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool or TensorDatatype.Uint8 or TensorDatatype.Int8 => 1,
        TensorDatatype.Uint16 or TensorDatatype.Int16 or TensorDatatype.Fp16 => 2,
        TensorDatatype.Uint32 or TensorDatatype.Int32 or TensorDatatype.Fp32 => 4,
        TensorDatatype.Uint64 or TensorDatatype.Int64 or TensorDatatype.Fp64 => 8,
        _ => 0,
    };

    /// <summary>Reads <paramref name="count"/> elements from exactly the bytes given.</summary>
    public static bool TryRead(ReadOnlySequence<byte> bytes, TensorDatatype datatype, int count, out Array data, out string error)
    {
        data = datatype.Allocate(count);
        error = "";
        if (datatype == TensorDatatype.Bytes)
        {
            return TryReadStrings(bytes, (string[])data, out error);
        }

        var expected = (long)count * ElementSize(datatype);
        if (bytes.Length != expected)
        {
            error = $"binary_data_size is {bytes.Length} bytes; {count} {datatype.Name()} element(s) take {expected}";
            return false;
        }

        bytes.CopyTo(AsBytes(data));
        if (datatype == TensorDatatype.Bool && MemoryMarshal.Cast<bool, byte>((bool[])data).ContainsAnyExcept((byte)0, (byte)1))
        {
            error = "BOOL elements must be the bytes 0 or 1";
            return false;
        }

        return true;
    }

    public static long ByteLength(NamedTensor tensor) => tensor.Datatype == TensorDatatype.Bytes
        ? ((string[])tensor.Data).Sum(s => 4L + Encoding.UTF8.GetByteCount(s))
        : (long)tensor.Data.Length * ElementSize(tensor.Datatype);

    public static void Write(IBufferWriter<byte> writer, NamedTensor tensor)
    {
        if (tensor.Datatype != TensorDatatype.Bytes)
        {
            writer.Write(AsBytes(tensor.Data));
            return;
        }

        foreach (var text in (string[])tensor.Data)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), (uint)length);
            writer.Advance(4);
            writer.Write(Encoding.UTF8.GetBytes(text));
        }
    }

    private static bool TryReadStrings(ReadOnlySequence<byte> bytes, string[] target, out string error)
    {
        var reader = new SequenceReader<byte>(bytes);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (var i = 0; i < target.Length; i++)
        {
            if (!reader.TryReadLittleEndian(out int length) || length < 0 || reader.Remaining < length)
            {
                error = $"BYTES element {i} runs past the binary data";
                return false;
            }

            try
            {
                target[i] = utf8.GetString(reader.UnreadSequence.Slice(0, length));
            }
            catch (DecoderFallbackException)
            {
                error = $"BYTES element {i} is not valid UTF-8";
                return false;
            }

            reader.Advance(length);
        }

        error = reader.Remaining == 0 ? "" : $"{reader.Remaining} byte(s) follow the last BYTES element";
        return reader.Remaining == 0;
    }

    private static Span<byte> AsBytes(Array data) => data switch
    {
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a,
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Float16[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new ArgumentException($"{data.GetType()} has no fixed-size elements", nameof(data)),
    };
}
