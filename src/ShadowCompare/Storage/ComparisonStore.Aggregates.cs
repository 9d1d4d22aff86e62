using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ShadowCompare.Aggregation;

namespace ShadowCompare.Storage;

/// <summary>
/// The store's aggregates: one <see cref="ReportAggregate"/> per model, shadow, shadow version, primary version,
/// source, run and UTC day, added to in the transaction that saves the comparisons. A report reads these, not the
/// comparisons, so it costs the same over a thousand comparisons or ten million. Retention deletes whole days of them
/// (the days wholly before its cutoff).
/// </summary>
internal sealed partial class ComparisonStore
{
    // The schema version whose aggregates are complete; an older store has them built from its comparisons once.
    private const int AggregatesVersion = 2;

    // A broken shadow's huge or infinite numbers must not stop the store: sums that overflow are kept as "Infinity".
    private static readonly JsonSerializerOptions AggregateJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>One baseline's aggregates of a candidate, by primary version, with their comparison counts.</summary>
    public IReadOnlyList<(string Baseline, long Comparisons)> Baselines(string model, string shadowVersion, string? source, string? run)
    {
        using var connection = Open();
        using var select = Command(connection, """
            SELECT primary_version, SUM(comparisons) FROM aggregates
            WHERE model = $model AND shadow_version = $version AND shadow <> 'control'
              AND ($source IS NULL OR source = $source) AND ($run IS NULL OR run = $run)
            GROUP BY primary_version
            """);
        Filter(select, model, shadowVersion, source, run);
        using var reader = select.ExecuteReader();
        var found = new List<(string, long)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return found;
    }

    /// <summary>The aggregate of a candidate's comparisons against one baseline (the control's, with <paramref name="control"/>), or null when there are none.</summary>
    public ReportAggregate? Aggregate(string model, string shadowVersion, string primaryVersion, string? source, string? run, bool control = false)
    {
        using var connection = Open();
        using var select = Command(connection, $"""
            SELECT data FROM aggregates
            WHERE model = $model AND shadow_version = $version AND primary_version = $primary AND shadow {(control ? "=" : "<>")} 'control'
              AND ($source IS NULL OR source = $source) AND ($run IS NULL OR run = $run)
            """);
        Filter(select, model, shadowVersion, source, run);
        select.Parameters.AddWithValue("$primary", primaryVersion);
        using var reader = select.ExecuteReader();
        ReportAggregate? total = null;
        while (reader.Read())
        {
            // One day at a time: memory holds two aggregates, however many days there are.
            var day = JsonSerializer.Deserialize<ReportAggregate>(reader.GetString(0), AggregateJson)!;
            if (total is null)
            {
                total = day;
            }
            else
            {
                total.Merge(day);
            }
        }

        return total;
    }

    private static void Filter(SqliteCommand command, string model, string shadowVersion, string? source, string? run)
    {
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$version", shadowVersion);
        command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("$run", (object?)run ?? DBNull.Value);
    }

    // Adds saved comparisons (with the ids they were stored under) to their days' aggregates.
    private static void AddToAggregates(SqliteConnection connection, IEnumerable<(long Id, ComparisonResult Result)> saved)
    {
        using var select = Command(connection, """
            SELECT data FROM aggregates WHERE model = $model AND shadow = $shadow AND shadow_version = $sv AND primary_version = $pv
              AND source = $source AND run = $run AND day = $day
            """);
        using var upsert = Command(connection, """
            INSERT INTO aggregates (model, shadow, shadow_version, primary_version, source, run, day, comparisons, last_id, data)
            VALUES ($model, $shadow, $sv, $pv, $source, $run, $day, $count, $last, $data)
            ON CONFLICT (model, shadow_version, primary_version, shadow, source, run, day)
            DO UPDATE SET comparisons = comparisons + $count, last_id = MAX(last_id, $last), data = $data
            """);
        foreach (var group in saved.GroupBy(s => (s.Result.Model, s.Result.Shadow, s.Result.ShadowVersion, s.Result.PrimaryVersion, s.Result.Source, s.Result.Run, Day: Day(s.Result.Time))))
        {
            var key = group.Key;
            foreach (var command in new[] { select, upsert })
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$model", key.Model);
                command.Parameters.AddWithValue("$shadow", key.Shadow);
                command.Parameters.AddWithValue("$sv", key.ShadowVersion);
                command.Parameters.AddWithValue("$pv", key.PrimaryVersion);
                command.Parameters.AddWithValue("$source", key.Source);
                command.Parameters.AddWithValue("$run", key.Run);
                command.Parameters.AddWithValue("$day", key.Day);
            }

            var aggregate = select.ExecuteScalar() is string data ? JsonSerializer.Deserialize<ReportAggregate>(data, AggregateJson)! : new ReportAggregate();
            var added = ReportAggregate.Of(group.Select(s => s.Result));
            aggregate.Merge(added);
            upsert.Parameters.AddWithValue("$count", added.Comparisons);
            upsert.Parameters.AddWithValue("$last", group.Max(s => s.Id));
            upsert.Parameters.AddWithValue("$data", JsonSerializer.Serialize(aggregate, AggregateJson));
            upsert.ExecuteNonQuery();
        }
    }

    // A store from before the aggregates: built once from its comparisons, a few thousand at a time.
    private void BuildAggregatesOnce(SqliteConnection connection)
    {
        if ((long)Command(connection, "PRAGMA user_version").ExecuteScalar()! >= AggregatesVersion)
        {
            return;
        }

        lock (_writing)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, "DELETE FROM aggregates");
            long after = 0;
            while (true)
            {
                var chunk = ReadAfter(connection, after, 5000);
                if (chunk.Count == 0)
                {
                    break;
                }

                AddToAggregates(connection, chunk);
                after = chunk[^1].Id;
            }

            Execute(connection, $"PRAGMA user_version = {AggregatesVersion}");
            transaction.Commit();
        }
    }

    private void DeleteAggregatesBefore(DateTimeOffset cutoff)
    {
        lock (_writing)
        {
            using var connection = Open();
            using var delete = Command(connection, "DELETE FROM aggregates WHERE day < $day");
            delete.Parameters.AddWithValue("$day", Day(cutoff));
            delete.ExecuteNonQuery();
        }
    }

    private static string Day(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
