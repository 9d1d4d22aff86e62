using System.Net;
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

        Assert.Equal(local.Length, served.Length);
        for (var i = 0; i < local.Length; i++)
        {
            Assert.Equal(local[i], served[i], 1e-4f);
        }
    }
}
