using ModelHost.Local;

namespace ModelHost.Tests.Local;

/// <summary>A model served in-process through the core library's public API answers as a ModelHost serving it over HTTP does.</summary>
public sealed class LocalModelTests
{
    [Fact]
    public async Task Predict_SameBodies_SameAnswersAsAModelHost()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var local = await LocalModel.LoadAsync(RepositoryPaths.Models, "churn", "1.1.0");

        Assert.Equal(("churn", "1.1.0"), (local.Name, local.Version));
        foreach (var row in new[] { 0, 7, 99, 512 })
        {
            var body = ChurnSamples.PredictBody(row, 3);
            using var overHttp = await host.Client.PostRawAsync("/v1/models/churn:predict", body);
            var inProcess = await local.PredictAsync(body);

            Assert.Equal((int)overHttp.StatusCode, inProcess.Status);
            Assert.Equal(await overHttp.Content.ReadAsStringAsync(), inProcess.Body);
        }
    }

    [Theory]
    [InlineData("{\"instances\": [{\"tenure_months\": \"many\"}]}")]
    [InlineData("{\"instances\": ")]
    [InlineData("[]")]
    public async Task Predict_BadBody_400WithTheProtocolsErrorBody(string body)
    {
        await using var local = await LocalModel.LoadAsync(RepositoryPaths.Models, "churn", "1.0.0");

        var answer = await local.PredictAsync(body);

        Assert.Equal(400, answer.Status);
        Assert.False(answer.Succeeded);
        Assert.StartsWith("{\"error\":\"", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_Latest_ServesTheHighestStableVersion()
    {
        await using var local = await LocalModel.LoadAsync(RepositoryPaths.Models, "churn", "latest");

        Assert.Equal("1.1.0", local.Version);
    }

    [Theory]
    [InlineData("http://10.1.2.3/store/", "churn", "1.0.0", "plain http")]
    [InlineData("models", "../churn", "1.0.0", "not a model name")]
    [InlineData("models", "churn", "../1.0.0", "neither a semantic version")]
    public async Task Load_UnsafeStoreNameOrVersion_RefusedBeforeAnyRead(string store, string name, string version, string reason)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalModel.LoadAsync(store, name, version));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_AfterDispose_Throws()
    {
        var local = await LocalModel.LoadAsync(RepositoryPaths.Models, "churn", "1.0.0");
        await local.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => local.PredictAsync(ChurnSamples.PredictBody(0, 1)));
    }

    [Fact]
    public async Task Load_VersionNotInTheStore_SaysWhich()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalModel.LoadAsync(RepositoryPaths.Models, "churn", "9.9.9"));

        Assert.Contains("model 'churn' version '9.9.9'", refused.Message, StringComparison.Ordinal);
    }
}
