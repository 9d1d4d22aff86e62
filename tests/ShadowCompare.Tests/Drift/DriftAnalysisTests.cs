using System.Text.Json;
using System.Text.Json.Nodes;
using ShadowCompare.Drift;

namespace ShadowCompare.Tests.Drift;

/// <summary>Drift of the shipped churn model's inputs: quiet on its own evaluation data, loud on a shifted feed.</summary>
public sealed class DriftAnalysisTests
{
    private static readonly DriftOptions Options = new() { MinimumRows = 500 };

    private static InputReference Reference() =>
        InputReference.From(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "churn", "1.0.0", "model.json")))!.AsObject())!;

    private static DriftReport Analyse(IEnumerable<JsonObject> rows)
    {
        var counts = new Dictionary<(string Feature, string Bin), long>();
        var body = JsonSerializer.Deserialize<JsonElement>(new JsonObject { ["instances"] = new JsonArray([.. rows]) }.ToJsonString());
        InputBins.Count(Reference(), body, [], counts);
        var byFeature = counts.GroupBy(c => c.Key.Feature).ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Key.Bin, c => c.Value));
        return DriftAnalysis.Analyse(Reference(), "1.0.0", byFeature, Options, DateTimeOffset.UnixEpoch);
    }

    private static List<JsonObject> Sample(int count, int seed)
    {
        var random = new Random(seed);
        return [.. ChurnSamples.All.OrderBy(_ => random.Next()).Take(count).Select(r => (JsonObject)r.DeepClone())];
    }

    [Fact]
    public void EveryShippedVersion_HasAReferenceForEachOfItsFeatures()
    {
        var manifests = Directory.GetFiles(RepositoryPaths.Models, "model.json", SearchOption.AllDirectories);
        Assert.Equal(6, manifests.Length);
        foreach (var path in manifests)
        {
            var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var features = manifest["inputs"]!.AsArray().SelectMany(i => i!["features"]!.AsArray().Select(f => (string)f!)).Order(StringComparer.Ordinal);
            var reference = InputReference.From(manifest);
            Assert.True(reference is not null, path);
            Assert.Equal(features, reference.Features.Keys.Order(StringComparer.Ordinal));
            Assert.All(reference.Features.Values, f => Assert.Equal(1, f.Numeric ? f.Shares.Sum() : f.Categories.Values.Sum(), 3));
        }
    }

    [Fact]
    public void OddReferences_AreReadSafely_EachBinOnce()
    {
        var manifest = JsonNode.Parse("""
            {"reference": {"rows": 10, "features": {
              "bad_kind": {"kind": 5, "shares": {"a": 1}},
              "plan": {"kind": "categorical", "shares": {"a": 0.5, "(missing)": 0.5}}}}}
            """)!.AsObject();

        var reference = InputReference.From(manifest)!;

        Assert.Equal(["plan"], reference.Features.Keys);
        Assert.Equal(["(missing)", "a", "(other)"], reference.Features["plan"].Bins.Select(b => b.Bin));
    }

    [Fact]
    public void ReferenceData_NothingDrifted()
    {
        var report = Analyse(Sample(1000, 3));

        Assert.Empty(report.Drifted);
        Assert.Equal(8, report.Features.Count);
        Assert.All(report.Features, f => Assert.True(f.Psi < 0.1, $"{f.Feature}: PSI {f.Psi}"));
        Assert.Equal(1000, report.Rows);
    }

    [Fact]
    public void ShiftedFeed_FlagsTheShiftedFeaturesOnly()
    {
        var rows = Sample(1000, 5);
        foreach (var row in rows)
        {
            row["monthly_charges"] = row["monthly_charges"]!.GetValue<double>() + 20;
            row["contract"] = "month-to-month";
        }

        var report = Analyse(rows);

        Assert.Equal(["contract", "monthly_charges"], report.Drifted);
        var charges = report.Features.Single(f => f.Feature == "monthly_charges");
        Assert.True(charges.Ks > 0.1 && charges.KsPValue < 1e-6, $"KS {charges.Ks}, p {charges.KsPValue}");
    }

    [Fact]
    public void CategoricalPsi_EqualsAnIndependentComputation()
    {
        var rows = Sample(700, 9);
        foreach (var row in rows.Take(300))
        {
            row["payment_method"] = "credit-card";
        }

        var report = Analyse(rows);

        // From the manifest's shares and the rows themselves, not through the bins.
        var shares = Reference().Features["payment_method"].Categories;
        var expected = shares.Sum(s =>
        {
            var live = Math.Max(rows.Count(r => r["payment_method"]!.GetValue<string>() == s.Key) / (double)rows.Count, 1e-4);
            var reference = Math.Max(s.Value, 1e-4);
            return (live - reference) * Math.Log(live / reference);
        });
        // The (other) and (missing) bins: no live rows, no reference share; both floored, so each adds nothing.
        Assert.Equal(expected, report.Features.Single(f => f.Feature == "payment_method").Psi, 9);
    }

    [Fact]
    public void UnseenCategoryMissingAndBadValues_HaveTheirOwnBins_FewRowsAreNotJudged()
    {
        var rows = Sample(100, 4);
        rows[0]["contract"] = "lifetime";
        rows[1].Remove("tenure_months");
        rows[2]["tenure_months"] = "twelve";

        var report = Analyse(rows);

        var contract = report.Features.Single(f => f.Feature == "contract");
        Assert.Equal(0.01, contract.Bins.Single(b => b.Bin == FeatureReference.Other).Live, 9);
        Assert.Equal(0.02, report.Features.Single(f => f.Feature == "tenure_months").Bins.Single(b => b.Bin == FeatureReference.Missing).Live, 9);
        Assert.Empty(report.Drifted);
    }
}
