using ShadowCompare.Comparison;

namespace ShadowCompare.Tests.Comparison;

public sealed class OutputComparerTests
{
    private static readonly ComparisonOptions Options = new() { ScoreTolerance = 0.05, MinCosine = 0.99 };

    [Fact]
    public void Compare_PredictAnswers_LabelsScoresAndVectorsByJsonType()
    {
        var (fields, error) = OutputComparer.Compare(
            """{"predictions":[{"churn":true,"probability":0.80,"embedding":[1,0]},{"churn":false,"probability":0.10,"embedding":[0,1]}]}""",
            """{"predictions":[{"churn":true,"probability":0.90,"embedding":[1,0.01]},{"churn":true,"probability":0.12,"embedding":[1,0]}]}""",
            Options);
        Assert.Equal("", error);
        var byKey = fields!.ToDictionary(f => (f.Row, f.Field));
        Assert.True(byKey[(0, "churn")].Agree);
        Assert.False(byKey[(1, "churn")].Agree);
        Assert.Equal(FieldKind.Score, byKey[(0, "probability")].Kind);
        Assert.Equal(0.10, byKey[(0, "probability")].AbsoluteDifference!.Value, 9);
        Assert.False(byKey[(0, "probability")].Agree);
        Assert.True(byKey[(1, "probability")].Agree);
        Assert.Equal(FieldKind.Vector, byKey[(0, "embedding")].Kind);
        Assert.True(byKey[(0, "embedding")].Agree);
        Assert.Equal(0, byKey[(1, "embedding")].Cosine!.Value, 9);
    }

    [Fact]
    public void Compare_InferAnswers_SplitsOutputsIntoRows()
    {
        var (fields, _) = OutputComparer.Compare(
            """{"outputs":[{"name":"p","datatype":"FP32","shape":[2,1],"data":[0.2,0.9]}]}""",
            """{"outputs":[{"name":"p","datatype":"FP32","shape":[2,1],"data":[0.2,0.5]}]}""",
            Options);
        Assert.Equal([true, false], fields!.Select(f => f.Agree));
    }

    [Theory]
    [InlineData("""{"predictions":[{"a":1}]}""", """{"predictions":[{"a":1},{"a":2}]}""", "rows")]
    [InlineData("""{"predictions":[{"a":1}]}""", """{"predictions":[{"b":1}]}""", "no field 'a'")]
    [InlineData("""{"predictions":[{"a":1}]}""", "not json", "shadow answer")]
    public void Compare_AnswersThatDoNotLineUp_SaySo(string primary, string shadow, string expected)
    {
        var (fields, error) = OutputComparer.Compare(primary, shadow, Options);
        Assert.Null(fields);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_IgnoredField_LeftOut()
    {
        var (fields, _) = OutputComparer.Compare("""{"predictions":[{"a":1,"score":3}]}""", """{"predictions":[{"a":1,"score":9}]}""", new ComparisonOptions { IgnoreFields = ["score"] });
        Assert.Equal(["a"], fields!.Select(f => f.Field));
    }
}
