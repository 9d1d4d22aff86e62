using ModelHost.Batching;

namespace ModelHost.Tests.Hosting;

/// <summary>ModelHost's settings check: every bad key reported at once, each named by its configuration key.</summary>
public sealed class ModelHostOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(new ModelHostOptionsValidator().Validate(null, new ModelHostOptions()).Succeeded);

    [Fact]
    public void Validate_BadKeys_NamesEachKeyAndValue()
    {
        var options = new ModelHostOptions
        {
            AdminToken = "short",
            IntraOpThreads = 0,
            Batching = new BatchingOptions { MaxBatchSize = 0 },
            BatchingOverrides = { ["churn"] = new BatchingOptions { MaxQueueSize = 0 } },
            Models = { ["churn"] = "one" },
        };

        var failures = new ModelHostOptionsValidator().Validate(null, options).Failures!.Order().ToList();

        Assert.Equal(
            new[]
            {
                "ModelHost:AdminToken must be at least 16 characters.",
                "ModelHost:IntraOpThreads is 0: it must be from 1 to 64.",
                "ModelHost:Batching:MaxBatchSize is 0: it must be from 1 to 4096.",
                "ModelHost:BatchingOverrides:churn:MaxQueueSize is 0: it must be from 1 to 1000000.",
                "ModelHost:Models:churn is 'one': give a semantic version (1.2.0, 2.0.0-rc.1) or 'latest'.",
            }.Order(),
            failures);
    }
}
