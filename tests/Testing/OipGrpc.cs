using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Net.Client;
using Inference.Grpc;
using Xunit;

namespace Testing;

/// <summary>
/// A real gRPC client of the Open Inference Protocol (generated from schemas/oip/v2/grpc_predict_v2.proto) on an h2c
/// channel, and the churn rows as its messages, built here independently of the servers' readers.
/// </summary>
public sealed class OipGrpc : IDisposable
{
    private readonly GrpcChannel _channel;

    public OipGrpc(string url)
    {
        _channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { MaxReceiveMessageSize = null });
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    public GRPCInferenceService.GRPCInferenceServiceClient Client { get; }

    /// <summary>A URL for a gRPC listener on a free loopback port (a gRPC listener names its port).</summary>
    public static string NewUrl() => $"http://127.0.0.1:{LoopbackPorts.Unused()}";

    /// <summary>A protocol infer body (<see cref="ChurnSamples.InferBody"/>) as a message: typed contents, or all raw.</summary>
    public static ModelInferRequest FromJson(string model, JsonObject body, bool raw = false)
    {
        var request = new ModelInferRequest { ModelName = model };
        foreach (var input in body["inputs"]!.AsArray().Select(i => i!.AsObject()))
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = (string)input["name"]!, Datatype = (string)input["datatype"]! };
            tensor.Shape.AddRange(input["shape"]!.AsArray().Select(d => long.Parse(d!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)));
            var data = input["data"]!.AsArray();
            if (raw)
            {
                request.RawInputContents.Add(ByteString.CopyFrom(Raw(tensor.Datatype, data)));
            }
            else
            {
                tensor.Contents = Contents(tensor.Datatype, data);
            }

            request.Inputs.Add(tensor);
        }

        return request;
    }

    /// <summary>An FP32 output's values, from its contents or its raw bytes.</summary>
    public static float[] Fp32(ModelInferResponse response, string output)
    {
        var index = response.Outputs.Select(o => o.Name).ToList().IndexOf(output);
        Assert.True(index >= 0, $"no output {output}");
        if (response.RawOutputContents.Count == 0)
        {
            return [.. response.Outputs[index].Contents.Fp32Contents];
        }

        var bytes = response.RawOutputContents[index].ToByteArray();
        return [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))];
    }

    /// <summary>The services the server names through gRPC server reflection, as grpcurl's <c>list</c> asks.</summary>
    public async Task<IReadOnlyList<string>> ListServicesAsync()
    {
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(_channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    public void Dispose() => _channel.Dispose();

    private static InferTensorContents Contents(string datatype, JsonArray data)
    {
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case "FP32": contents.Fp32Contents.AddRange(data.Select(v => (float)v!)); break;
            case "BOOL": contents.BoolContents.AddRange(data.Select(v => (bool)v!)); break;
            case "INT64": contents.Int64Contents.AddRange(data.Select(v => (long)v!)); break;
            default: contents.BytesContents.AddRange(data.Select(v => ByteString.CopyFromUtf8((string)v!))); break;
        }

        return contents;
    }

    private static byte[] Raw(string datatype, JsonArray data) => datatype switch
    {
        "FP32" => [.. data.SelectMany(v => BitConverter.GetBytes((float)v!))],
        "BOOL" => [.. data.Select(v => (bool)v! ? (byte)1 : (byte)0)],
        "INT64" => [.. data.SelectMany(v => BitConverter.GetBytes((long)v!))],
        _ => [.. data.SelectMany(v =>
        {
            var bytes = Encoding.UTF8.GetBytes((string)v!);
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
            return prefix.Concat(bytes);
        })],
    };
}
