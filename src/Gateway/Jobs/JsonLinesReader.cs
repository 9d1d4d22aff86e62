using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Jobs;

/// <summary>
/// A dataset's lines as bytes, split at <c>\n</c> only (a trailing <c>\r</c> dropped), exactly as its rows were
/// counted when it was submitted: a bare <c>\r</c> (JSON whitespace) does not split a row, and bytes that are not UTF-8
/// reach the row's check as they are, to be refused there.
/// </summary>
internal sealed class JsonLinesReader(Stream stream) : IAsyncDisposable
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536));

    /// <returns>The next line, or null at the end of the file.</returns>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Trim(buffer.Slice(0, end));
                _reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }

            if (read.IsCompleted)
            {
                var last = buffer.IsEmpty ? null : Trim(buffer);
                _reader.AdvanceTo(buffer.End);
                return last;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private static byte[] Trim(ReadOnlySequence<byte> line)
    {
        var bytes = line.ToArray();
        return bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes[..^1] : bytes;
    }
}
