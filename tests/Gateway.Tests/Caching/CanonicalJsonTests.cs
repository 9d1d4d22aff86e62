using Gateway.Caching;
using Newtonsoft.Json.Linq;

namespace Gateway.Tests.Caching;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": "x"}""", """{"b": "x", "a": 1}""")]
    [InlineData("""{"n": 1}""", """{"n": 1.0}""")]
    [InlineData("""{"n": 100}""", """{"n": 1e2}""")]
    [InlineData("""{"n": 0.5}""", """{"n": 5e-1}""")]
    [InlineData("""{"s": "é"}""", """{"s": "\u00e9"}""")]
    [InlineData("""{"o": {"y": [1, {"q": 2, "p": 3}], "x": null}}""", """{ "o" : { "x" : null , "y" : [ 1 , { "p" : 3 , "q" : 2 } ] } }""")]
    public void Sha256_SameQuestionWrittenDifferently_SameHash(string a, string b)
    {
        Assert.Equal(CanonicalJson.Sha256(JToken.Parse(a)), CanonicalJson.Sha256(JToken.Parse(b)));
    }

    [Theory]
    [InlineData("""{"n": 1}""", """{"n": 1.5}""")]
    [InlineData("""{"n": 1}""", """{"n": "1"}""")]
    [InlineData("""{"a": [1, 2]}""", """{"a": [2, 1]}""")]
    [InlineData("""{"b": true}""", """{"b": false}""")]
    [InlineData("""{"n": 12345678901234567890}""", """{"n": 12345678901234567891}""")]
    public void Sha256_DifferentQuestions_DifferentHashes(string a, string b)
    {
        Assert.NotEqual(CanonicalJson.Sha256(JToken.Parse(a)), CanonicalJson.Sha256(JToken.Parse(b)));
    }
}
