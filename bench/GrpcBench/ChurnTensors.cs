using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Inference.Grpc;

namespace GrpcBench;

/// <summary>
/// Churn requests of <c>rows</c> rows from the evaluation set, each one distinct: request n shifts every row's
/// monthly charges by n thousandths, so no two requests share a cache entry. The same request as REST JSON, as a gRPC
/// message with typed contents, or with raw contents.
/// </summary>
internal sealed class ChurnTensors(IReadOnlyList<JsonObject> evaluation, int rows)
{
    private static readonly (string Name, string Datatype)[] Inputs =
    [
        ("tenure_months", "FP32"), ("monthly_charges", "FP32"), ("total_charges", "FP32"), ("support_calls", "FP32"),
        ("contract", "BYTES"), ("payment_method", "BYTES"), ("paperless_billing", "BOOL"), ("senior_citizen", "BOOL"),
    ];

    public static IReadOnlyList<JsonObject> Load(string file) =>
        [.. File.ReadLines(file).Select(l => JsonNode.Parse(l)!.AsObject())];

    public byte[] Json(long n)
    {
        var inputs = new JsonArray();
        foreach (var (name, datatype) in Inputs)
        {
            inputs.Add(new JsonObject
            {
                ["name"] = name,
                ["datatype"] = datatype,
                ["shape"] = new JsonArray(rows, 1),
                ["data"] = new JsonArray([.. Values(n, name, datatype).Select(v => JsonValue.Create(v))]),
            });
        }

        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["inputs"] = inputs });
    }

    public ModelInferRequest Message(long n, bool raw)
    {
        var request = new ModelInferRequest { ModelName = "churn" };
        foreach (var (name, datatype) in Inputs)
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype };
            tensor.Shape.Add(rows);
            tensor.Shape.Add(1);
            var values = Values(n, name, datatype).ToList();
            if (raw)
            {
                request.RawInputContents.Add(ByteString.CopyFrom(Raw(datatype, values)));
            }
            else
            {
                tensor.Contents = new InferTensorContents();
                switch (datatype)
                {
                    case "FP32": tensor.Contents.Fp32Contents.AddRange(values.Select(v => (float)v)); break;
                    case "BOOL": tensor.Contents.BoolContents.AddRange(values.Select(v => (bool)v)); break;
                    default: tensor.Contents.BytesContents.AddRange(values.Select(v => ByteString.CopyFromUtf8((string)v))); break;
                }
            }

            request.Inputs.Add(tensor);
        }

        return request;
    }

    private IEnumerable<object> Values(long n, string name, string datatype)
    {
        for (var i = 0; i < rows; i++)
        {
            var row = evaluation[(int)((n * rows + i) % evaluation.Count)];
            yield return datatype switch
            {
                "FP32" when name == "monthly_charges" => (float)((double)row[name]! + (n % 1_000_000 * 0.001)),
                "FP32" => (float)(double)row[name]!,
                "BOOL" => (bool)row[name]!,
                _ => (string)row[name]!,
            };
        }
    }

    private static byte[] Raw(string datatype, List<object> values) => datatype switch
    {
        "FP32" => [.. values.SelectMany(v => BitConverter.GetBytes((float)v))],
        "BOOL" => [.. values.Select(v => (bool)v ? (byte)1 : (byte)0)],
        _ => [.. values.SelectMany(v =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes((string)v);
            return BitConverter.GetBytes(bytes.Length).Concat(bytes);
        })],
    };
}
