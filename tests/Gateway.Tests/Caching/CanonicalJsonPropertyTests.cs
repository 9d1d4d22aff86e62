using System.Globalization;
using CsCheck;
using Gateway.Caching;
using Newtonsoft.Json.Linq;

namespace Gateway.Tests.Caching;

/// <summary>Properties of the cache key's canonical form over generated JSON: what must not change it, and what must.</summary>
public sealed class CanonicalJsonPropertyTests
{
    private static readonly Gen<string> Key = Gen.String[Gen.Char.AlphaNumeric, 1, 8];

    private static readonly Gen<JToken> Leaf = Gen.OneOf(
        Gen.Long.Select(v => (JToken)new JValue(v)),
        Gen.Double.Where(double.IsFinite).Select(v => (JToken)new JValue(v)),
        Gen.Bool.Select(v => (JToken)new JValue(v)),
        Gen.String[0, 12].Select(v => (JToken)new JValue(v)),
        Gen.Const(0).Select(_ => (JToken)JValue.CreateNull()));

    private static Gen<JToken> Value(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency((3, Leaf), (1, Object(depth - 1)), (1, Value(depth - 1).Array[0, 4].Select(items => (JToken)new JArray(items))));

    private static Gen<JToken> Object(int depth) =>
        Gen.Dictionary(Key, Value(depth))[0, 6].Select(d => (JToken)new JObject(d.Select(p => new JProperty(p.Key, p.Value))));

    private static byte[] Hash(JToken token) => CanonicalJson.Sha256(token);

    private static JToken Parse(string json) => global::Gateway.Pipeline.Intake.JsonBodyParser.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _)!;

    // The same value with every object's keys in reverse order, re-parsed from its text.
    private static JToken Reordered(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().Reverse().Select(p => new JProperty(p.Name, Reordered(p.Value)))),
        JArray a => new JArray(a.Select(Reordered)),
        _ => token.DeepClone(),
    };

    [Fact]
    public void Sha256_KeysInAnotherOrder_SameHash() =>
        Object(3).Sample(o => Assert.Equal(Hash(o), Hash(Parse(Reordered(o).ToString(Newtonsoft.Json.Formatting.None)))), iter: 500);

    [Fact]
    public void Sha256_IntegerWrittenAsDecimalOrExponent_SameHash() =>
        Gen.Long[-(1L << 52), 1L << 52].Sample(n =>
        {
            var plain = Hash(Parse($"{{\"x\":{n}}}"));
            Assert.Equal(plain, Hash(Parse(string.Create(CultureInfo.InvariantCulture, $"{{\"x\":{n}.0}}"))));
            Assert.Equal(plain, Hash(Parse(string.Create(CultureInfo.InvariantCulture, $"{{\"x\":{n}e0}}"))));
        }, iter: 500);

    [Fact]
    public void Sha256_AnyLeafChanged_DifferentHash() =>
        Gen.Select(Object(2), Key, Leaf).Sample((o, key, leaf) =>
        {
            var changed = (JObject)o.DeepClone();
            var before = changed[key];
            changed[key] = leaf;
            if (before is null || !JToken.DeepEquals(before, leaf) && !SameNumber(before, leaf))
            {
                Assert.NotEqual(Hash(o), Hash(changed));
            }
        }, iter: 500);

    [Fact]
    public void CacheKey_SameBodyOtherModelOrVersion_NeverTheSameKey() =>
        Gen.Select(Object(2), Key, Key).Sample((body, version, otherVersion) =>
        {
            var churn = new CacheKey("v1", "churn", body);
            var other = new CacheKey("v1", "fraud", body);
            var infer = new CacheKey("oip", "churn", body);
            Assert.NotEqual(churn.For(version), other.For(version));
            Assert.NotEqual(churn.For(version), infer.For(version));
            Assert.Equal(version == otherVersion, churn.For(version) == churn.For(otherVersion));
        }, iter: 300);

    private static bool SameNumber(JToken a, JToken b) =>
        a.Type is JTokenType.Integer or JTokenType.Float && b.Type is JTokenType.Integer or JTokenType.Float
        && Convert.ToDouble(((JValue)a).Value, CultureInfo.InvariantCulture) == Convert.ToDouble(((JValue)b).Value, CultureInfo.InvariantCulture);
}
