using ShadowCompare.Comparison;
using ShadowCompare.Drift;
using ShadowCompare.Gate;

namespace ShadowCompare.Tests.Hosting;

/// <summary>ShadowCompare's settings check: every bad key reported at once, each named by its configuration key.</summary>
public sealed class ShadowCompareOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(new ShadowCompareOptionsValidator().Validate(null, new ShadowCompareOptions()).Succeeded);

    [Fact]
    public void Validate_BadKeys_NamesEachKeyAndValue()
    {
        var options = new ShadowCompareOptions
        {
            Workers = 0,
            Drift = new DriftOptions { Alpha = 1 },
            Gate = new GateThresholds { Confidence = double.NaN },
            Score = new ScoreWeights { Agreement = 0, Scores = 0, Latency = 0, Errors = 0 },
            ReadTokens = { ["people"] = "short" },
            Models =
            {
                ["churn"] = new ShadowModelOptions
                {
                    Shadows = { ["next"] = new ShadowOptions { Url = "", Concurrency = 0 } },
                    Comparison = new ComparisonOptions { MinCosine = 2 },
                },
            },
        };

        var failures = new ShadowCompareOptionsValidator().Validate(null, options).Failures!.Order().ToList();

        Assert.Equal(
            new[]
            {
                "ShadowCompare:Workers is 0: it must be from 1 to 1024.",
                "ShadowCompare:Drift:Alpha is 1: it must be above 0 and below 1.",
                "ShadowCompare:Gate:Confidence is NaN: it must be from 0.5 to 0.9999.",
                "ShadowCompare:ReadTokens:people must be at least 16 characters.",
                "ShadowCompare:Score: the weights (Agreement, Scores, Latency, Errors) must not all be 0.",
                "ShadowCompare:Models:churn:Comparison:MinCosine is 2: it must be from -1 to 1.",
                "ShadowCompare:Models:churn:Shadows:next:Url is '', not an absolute http(s) URL.",
                "ShadowCompare:Models:churn:Shadows:next:Concurrency is 0: it must be from 1 to 1024.",
            }.Order(),
            failures);
    }
}
