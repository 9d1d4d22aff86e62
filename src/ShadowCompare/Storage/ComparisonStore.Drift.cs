using System.Globalization;
using Microsoft.Data.Sqlite;
using ShadowCompare.Drift;

namespace ShadowCompare.Storage;

/// <summary>The store's drift counts: live input values per model, serving version, feature, bin and hour, added to as records are compared.</summary>
internal sealed partial class ComparisonStore
{
    /// <summary>The counts of a model's inputs served by <paramref name="version"/> since <paramref name="since"/>, by feature, then bin.</summary>
    public Dictionary<string, Dictionary<string, long>> DriftCounts(string model, string version, DateTimeOffset since)
    {
        using var connection = Open();
        using var select = Command(connection, """
            SELECT feature, bin, SUM(count) FROM drift_counts
            WHERE model = $model AND version = $version AND hour >= $since GROUP BY feature, bin
            """);
        select.Parameters.AddWithValue("$model", model);
        select.Parameters.AddWithValue("$version", version);
        select.Parameters.AddWithValue("$since", Hour(since));
        using var reader = select.ExecuteReader();
        var counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var feature = reader.GetString(0);
            if (!counts.TryGetValue(feature, out var bins))
            {
                counts[feature] = bins = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            bins[reader.GetString(1)] = reader.GetInt64(2);
        }

        return counts;
    }

    /// <summary>The models and serving versions with drift counts since <paramref name="since"/>.</summary>
    public IReadOnlyList<(string Model, string Version)> DriftVersions(DateTimeOffset since)
    {
        using var connection = Open();
        using var select = Command(connection, "SELECT DISTINCT model, version FROM drift_counts WHERE hour >= $since ORDER BY model, version");
        select.Parameters.AddWithValue("$since", Hour(since));
        using var reader = select.ExecuteReader();
        var found = new List<(string, string)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }

        return found;
    }

    private void DeleteDriftCountsBefore(DateTimeOffset cutoff)
    {
        lock (_writing)
        {
            using var connection = Open();
            using var delete = Command(connection, "DELETE FROM drift_counts WHERE hour < $before");
            delete.Parameters.AddWithValue("$before", Hour(cutoff));
            delete.ExecuteNonQuery();
        }
    }

    private static void AddDriftCounts(SqliteConnection connection, IReadOnlyList<DriftCount> counts)
    {
        using var upsert = Command(connection, """
            INSERT INTO drift_counts (model, version, feature, bin, hour, count) VALUES ($model, $version, $feature, $bin, $hour, $count)
            ON CONFLICT (model, version, feature, bin, hour) DO UPDATE SET count = count + $count
            """);
        var (model, version, feature, bin, hour, count) = (
            upsert.Parameters.Add("$model", SqliteType.Text), upsert.Parameters.Add("$version", SqliteType.Text), upsert.Parameters.Add("$feature", SqliteType.Text),
            upsert.Parameters.Add("$bin", SqliteType.Text), upsert.Parameters.Add("$hour", SqliteType.Text), upsert.Parameters.Add("$count", SqliteType.Integer));
        foreach (var c in counts)
        {
            (model.Value, version.Value, feature.Value, bin.Value, hour.Value, count.Value) = (c.Model, c.Version, c.Feature, c.Bin, Hour(c.Hour), c.Count);
            upsert.ExecuteNonQuery();
        }
    }

    // UTC and ISO 8601, so hours compare as text.
    private static string Hour(DateTimeOffset time) => DriftCount.HourOf(time).ToString("O", CultureInfo.InvariantCulture);
}
