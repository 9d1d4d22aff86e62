using ModelHost.Inference;

namespace ModelHost.Batching;

/// <summary>Joins requests' tensors along the first dimension, and cuts a batch's outputs back into per-request rows.</summary>
internal static class BatchAssembler
{
    /// <summary>A key equal for requests that can share a batch: same inputs, datatypes, trailing dimensions and outputs.</summary>
    public static string Signature(InferenceRequest request)
    {
        var key = new System.Text.StringBuilder();
        foreach (var input in request.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            key.Append(input.Name).Append(':').Append((int)input.Datatype);
            for (var d = 1; d < input.Shape.Length; d++)
            {
                key.Append(',').Append(input.Shape[d]);
            }

            key.Append(';');
        }

        foreach (var output in request.Outputs)
        {
            key.Append('>').Append(output.Name);
        }

        return key.ToString();
    }

    /// <summary>Concatenates the same-named input of every request along the first dimension.</summary>
    public static NamedTensor[] Concat(IReadOnlyList<InferenceRequest> requests)
    {
        var first = requests[0].Inputs;
        var joined = new NamedTensor[first.Count];
        for (var i = 0; i < first.Count; i++)
        {
            var name = first[i].Name;
            var parts = requests.Select(r => r.Inputs.First(t => t.Name == name)).ToArray();
            var rows = parts.Sum(p => p.Rows);
            var shape = (long[])first[i].Shape.Clone();
            shape[0] = rows;
            var data = first[i].Datatype.Allocate(parts.Sum(p => p.Data.Length));
            var offset = 0;
            foreach (var part in parts)
            {
                Array.Copy(part.Data, 0, data, offset, part.Data.Length);
                offset += part.Data.Length;
            }

            joined[i] = new NamedTensor(name, first[i].Datatype, shape, data);
        }

        return joined;
    }

    /// <summary>Cuts each output into consecutive row ranges, one per request.</summary>
    /// <returns><see langword="null"/> when an output's first dimension is not the batch's row count, so it cannot be split.</returns>
    public static NamedTensor[][]? Split(NamedTensor[] outputs, IReadOnlyList<long> rowsPerRequest)
    {
        var total = rowsPerRequest.Sum();
        if (outputs.Any(o => o.Shape.Length == 0 || o.Shape[0] != total))
        {
            return null;
        }

        var answers = new NamedTensor[rowsPerRequest.Count][];
        for (var r = 0; r < answers.Length; r++)
        {
            answers[r] = new NamedTensor[outputs.Length];
        }

        for (var o = 0; o < outputs.Length; o++)
        {
            var output = outputs[o];
            var rowSize = total == 0 ? 0 : output.Data.Length / total;
            long row = 0;
            for (var r = 0; r < answers.Length; r++)
            {
                var shape = (long[])output.Shape.Clone();
                shape[0] = rowsPerRequest[r];
                var data = output.Datatype.Allocate((int)(rowsPerRequest[r] * rowSize));
                Array.Copy(output.Data, row * rowSize, data, 0, data.Length);
                answers[r][o] = new NamedTensor(output.Name, output.Datatype, shape, data);
                row += rowsPerRequest[r];
            }
        }

        return answers;
    }
}
