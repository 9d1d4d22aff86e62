using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

/// <summary>The store's aggregates give the report the comparisons themselves would: however they were saved, and for a store from before them.</summary>
public sealed class AggregateStoreTests
{
    private static readonly JsonSerializerOptions NamedLiterals = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string NewStore() => Path.Combine(Directory.CreateTempSubdirectory("aggregates-").FullName, "comparisons.db");

    private static ComparisonReport FromStore(ComparisonStore store) =>
        new ReportService(store, Options.Create(new ShadowCompareOptions()), TimeProvider.System).Build("churn", "2.0.0")! with { GeneratedAt = KnownComparisons.Start };

    // Over two days, so several day aggregates are added up.
    private static List<ComparisonResult> Comparisons() =>
        [.. KnownComparisons.Build(900).Select((r, i) => r with { Time = KnownComparisons.Start.AddMinutes(i * 4) })];

    // The report as JSON, numbers to 10 significant digits: sums added in another order differ in the last bits.
    private static string Json(ComparisonReport report) =>
        System.Text.RegularExpressions.Regex.Replace(JsonSerializer.Serialize(report), @"-?\d+\.\d+(E[-+]?\d+)?",
            m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture).ToString("G10", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void SavedInManyBatches_ReportEqualsTheReportOfTheComparisonsInHand()
    {
        var comparisons = Comparisons();
        var store = new ComparisonStore(NewStore());
        foreach (var batch in comparisons.Chunk(37))
        {
            store.Save(batch);
        }

        var inHand = ReportBuilder.Build("churn", "2.0.0", "all", null, comparisons, new Dictionary<string, long>(), new(), KnownComparisons.Start);

        Assert.Equal(Json(inHand), Json(FromStore(store)));
        Assert.Equal(("churn", "2.0.0", 900L), Assert.Single(store.Candidates()));
    }

    [Fact]
    public void StoreFromBeforeTheAggregates_BuildsThemOnceOnOpen()
    {
        var path = NewStore();
        var comparisons = Comparisons();
        new ComparisonStore(path).Save(comparisons);
        var expected = Json(FromStore(new ComparisonStore(path)));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            // As an older ShadowCompare left it: comparisons, no aggregates.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM aggregates; PRAGMA user_version = 0;";
            command.ExecuteNonQuery();
        }

        Assert.Equal(expected, Json(FromStore(new ComparisonStore(path))));
    }

    [Fact]
    public void HugeScores_DoNotStopTheStore_NorTheReport()
    {
        var store = new ComparisonStore(NewStore());
        var huge = Comparisons().Take(5).Select(r => r with
        {
            Fields = [.. r.Fields.Select(f => f.Kind == ShadowCompare.Comparison.FieldKind.Score ? f with { Primary = "1e200", Shadow = "-1e200", AbsoluteDifference = double.PositiveInfinity } : f)],
        }).ToList();

        store.Save(huge);

        var report = FromStore(store);
        Assert.Equal(5, report.Counts.Compared);
        Assert.Null(report.Scores.Single().Correlation);
        Assert.NotEmpty(JsonSerializer.Serialize(report, NamedLiterals));
    }

    [Fact]
    public void Retention_DropsTheDaysItDeletes()
    {
        var store = new ComparisonStore(NewStore());
        store.Save(Comparisons());
        var secondDay = new DateTimeOffset(KnownComparisons.Start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

        var deleted = store.DeleteOlderThan(secondDay);

        var report = FromStore(store);
        Assert.Equal(900 - deleted, report.Counts.Compared);
        Assert.True(deleted > 0);
        Assert.All(report.OverTime, s => Assert.True(s.Start >= secondDay));
    }
}
