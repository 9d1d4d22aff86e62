using System.Net;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Tests.Infrastructure;

namespace ModelHost.Tests.Inference;

public sealed class ResNetServingTests
{
    [Fact]
    public async Task Infer_ResNet18FromNuGetPackage_MatchesOnnxRuntimeInProcess()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.ResNetStore);
        var pixels = ResNetRequests.Pixels(7);

        using var response = await host.Client.PostRawAsync("/v2/models/resnet18/infer", ResNetRequests.InferBody(pixels));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await response.ReadObjectAsync())["outputs"]![0]!;
        Assert.Equal([1L, 512L, 1L, 1L], output["shape"]!.AsArray().Select(d => (long)d!));
        var served = output["data"]!.AsArray().Select(v => (float)v!).ToArray();

        using var session = new InferenceSession(Path.Combine(RepositoryPaths.ResNetStore, "resnet18", "1.0.0", "model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, 224, 224]);
        using var results = session.Run(new RunOptions(), [ResNetRequests.Input], [input], [ResNetRequests.Output]);
        var local = results[0].GetTensorDataAsSpan<float>().ToArray();

        AssertClose(local, served);

        // The same image as binary tensor data, answered as binary too.
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = ResNetRequests.Input,
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(1, 3, 224, 224),
                ["parameters"] = new JsonObject { ["binary_data_size"] = pixels.Length * 4 },
            }),
            ["parameters"] = new JsonObject { ["binary_data_output"] = true },
        };
        using var binary = await host.Client.PostAsync("/v2/models/resnet18/infer", BinaryRequests.Content(header, BinaryRequests.Floats(pixels)));
        var (_, outputs) = await BinaryRequests.ReadAsync(binary);
        var raw = outputs[ResNetRequests.Output];
        AssertClose(local, [.. Enumerable.Range(0, raw.Length / 4).Select(i => BitConverter.ToSingle(raw, i * 4))]);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4f);
        }
    }
}
