using System.Globalization;
using Microsoft.Data.Sqlite;
using ShadowCompare.Comparison;

namespace ShadowCompare.Storage;

/// <summary>The store's comparisons: saving them (with their fields) and reading them back for reports.</summary>
internal sealed partial class ComparisonStore
{
    /// <summary>Stores comparisons (offline runs: nothing pending to remove).</summary>
    public void Save(IReadOnlyList<ComparisonResult> results) => Save([(results, null)]);

    /// <summary>
    /// Stores comparisons and, in the same transaction, adds them to their aggregates, removes the pending records they
    /// came from and adds their inputs' drift counts: a record is counted exactly once.
    /// </summary>
    public void Save(IReadOnlyList<(IReadOnlyList<ComparisonResult> Results, long? PendingId)> done, IReadOnlyList<Drift.DriftCount>? drift = null)
    {
        lock (_writing)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var delete = Command(connection, "DELETE FROM pending WHERE id = $id");
            var id = delete.Parameters.Add("$id", SqliteType.Integer);
            var removed = 0;
            var saved = new List<(long, ComparisonResult)>();
            foreach (var (results, pendingId) in done)
            {
                foreach (var result in results)
                {
                    saved.Add((Insert(connection, result), result));
                }

                if (pendingId is { } pending)
                {
                    id.Value = pending;
                    removed += delete.ExecuteNonQuery();
                }
            }

            AddToAggregates(connection, saved);
            AddDriftCounts(connection, drift ?? []);
            transaction.Commit();
            _pending -= removed;
        }
    }

    private const string Columns = """
        id, model, source, run, request_id, time, input, primary_version, primary_output, primary_latency_ms,
        shadow, shadow_version, shadow_output, shadow_latency_ms, status, reason
        """;

    /// <summary>The comparisons of a model, oldest first, optionally of one shadow version, source or run (for replays and tests: reports read the aggregates).</summary>
    public IReadOnlyList<ComparisonResult> Read(string model, string? shadowVersion = null, string? source = null, string? run = null)
    {
        using var connection = Open();
        using var select = Command(connection, $"""
            SELECT {Columns} FROM comparisons
            WHERE model = $model AND ($version IS NULL OR shadow_version = $version)
              AND ($source IS NULL OR source = $source) AND ($run IS NULL OR run = $run)
            ORDER BY id
            """);
        select.Parameters.AddWithValue("$model", model);
        select.Parameters.AddWithValue("$version", (object?)shadowVersion ?? DBNull.Value);
        select.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        select.Parameters.AddWithValue("$run", (object?)run ?? DBNull.Value);
        using var fields = Command(connection, """
            SELECT f.comparison_id, f.row, f.field, f.kind, f.primary_value, f.shadow_value, f.agree, f.abs_diff, f.rel_diff, f.cosine
            FROM fields f JOIN comparisons c ON c.id = f.comparison_id WHERE c.model = $model
            """);
        fields.Parameters.AddWithValue("$model", model);
        return [.. Results(select, fields).Select(r => r.Result)];
    }

    // Up to `limit` comparisons of any model after an id, oldest first, with their ids.
    private static List<(long Id, ComparisonResult Result)> ReadAfter(SqliteConnection connection, long after, int limit)
    {
        using var select = Command(connection, $"SELECT {Columns} FROM comparisons WHERE id > $after ORDER BY id LIMIT $limit");
        select.Parameters.AddWithValue("$after", after);
        select.Parameters.AddWithValue("$limit", limit);
        using var fields = Command(connection, """
            SELECT comparison_id, row, field, kind, primary_value, shadow_value, agree, abs_diff, rel_diff, cosine
            FROM fields WHERE comparison_id IN (SELECT id FROM comparisons WHERE id > $after ORDER BY id LIMIT $limit)
            """);
        fields.Parameters.AddWithValue("$after", after);
        fields.Parameters.AddWithValue("$limit", limit);
        return Results(select, fields);
    }

    private static List<(long Id, ComparisonResult Result)> Results(SqliteCommand select, SqliteCommand fieldsSelect)
    {
        var fields = ReadFields(fieldsSelect);
        var results = new List<(long, ComparisonResult)>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            results.Add((id, new ComparisonResult
            {
                Model = reader.GetString(1),
                Source = reader.GetString(2),
                Run = reader.GetString(3),
                RequestId = reader.GetString(4),
                Time = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                Input = reader.GetString(6),
                PrimaryVersion = reader.GetString(7),
                PrimaryOutput = reader.GetString(8),
                PrimaryLatencyMilliseconds = reader.GetDouble(9),
                Shadow = reader.GetString(10),
                ShadowVersion = reader.GetString(11),
                ShadowOutput = reader.GetString(12),
                ShadowLatencyMilliseconds = reader.IsDBNull(13) ? null : reader.GetDouble(13),
                Status = ComparisonStatusNames.Parse(reader.GetString(14)),
                Reason = reader.GetString(15),
                Fields = fields.TryGetValue(id, out var own) ? own : [],
            }));
        }

        return results;
    }

    /// <summary>The models and candidate versions compared so far (the control's comparisons are no candidate), newest first, with their counts.</summary>
    public IReadOnlyList<(string Model, string ShadowVersion, long Count)> Candidates()
    {
        using var connection = Open();
        using var reader = Command(connection,
            "SELECT model, shadow_version, SUM(comparisons), MAX(last_id) FROM aggregates WHERE shadow <> 'control' GROUP BY model, shadow_version ORDER BY MAX(last_id) DESC").ExecuteReader();
        var found = new List<(string, string, long)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return found;
    }

    private static Dictionary<long, List<FieldComparison>> ReadFields(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var fields = new Dictionary<long, List<FieldComparison>>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            if (!fields.TryGetValue(id, out var list))
            {
                fields[id] = list = [];
            }

            list.Add(new FieldComparison(reader.GetInt32(1), reader.GetString(2), Enum.Parse<FieldKind>(reader.GetString(3)),
                reader.GetString(4), reader.GetString(5), reader.GetInt64(6) == 1,
                reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.IsDBNull(9) ? null : reader.GetDouble(9)));
        }

        return fields;
    }

    /// <summary>Deletes the comparisons (and their fields) whose request time is before <paramref name="cutoff"/>, a few thousand per transaction, and the aggregates of the days wholly before it and the drift counts of the hours before it.</summary>
    /// <returns>How many were deleted.</returns>
    public long DeleteOlderThan(DateTimeOffset cutoff)
    {
        var before = cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        long total = 0;
        while (true)
        {
            var ids = new List<long>();
            lock (_writing)
            {
                using var connection = Open();
                using (var find = Command(connection, "SELECT id FROM comparisons WHERE time < $before ORDER BY id LIMIT 5000"))
                {
                    find.Parameters.AddWithValue("$before", before);
                    using var reader = find.ExecuteReader();
                    while (reader.Read())
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                if (ids.Count > 0)
                {
                    // The ids are numbers this store made: inlined, one statement per table, in one transaction.
                    var list = string.Join(',', ids);
                    using var transaction = connection.BeginTransaction();
                    foreach (var sql in new[] { $"DELETE FROM fields WHERE comparison_id IN ({list})", $"DELETE FROM comparisons WHERE id IN ({list})" })
                    {
                        using var delete = Command(connection, sql);
                        delete.Transaction = transaction;
                        delete.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }
            }

            total += ids.Count;
            if (ids.Count < 5000)
            {
                DeleteAggregatesBefore(cutoff);
                DeleteDriftCountsBefore(cutoff);
                return total;
            }
        }
    }

    private static long Insert(SqliteConnection connection, ComparisonResult result)
    {
        using var insert = Command(connection, """
            INSERT INTO comparisons (model, source, run, request_id, time, input, primary_version, primary_output, primary_latency_ms,
                                     shadow, shadow_version, shadow_output, shadow_latency_ms, status, reason)
            VALUES ($model, $source, $run, $request, $time, $input, $pv, $po, $pl, $shadow, $sv, $so, $sl, $status, $reason)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$model", result.Model);
        insert.Parameters.AddWithValue("$source", result.Source);
        insert.Parameters.AddWithValue("$run", result.Run);
        insert.Parameters.AddWithValue("$request", result.RequestId);
        // UTC, so times compare as text (retention deletes by them).
        insert.Parameters.AddWithValue("$time", result.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$input", result.Input);
        insert.Parameters.AddWithValue("$pv", result.PrimaryVersion);
        insert.Parameters.AddWithValue("$po", result.PrimaryOutput);
        insert.Parameters.AddWithValue("$pl", result.PrimaryLatencyMilliseconds);
        insert.Parameters.AddWithValue("$shadow", result.Shadow);
        insert.Parameters.AddWithValue("$sv", result.ShadowVersion);
        insert.Parameters.AddWithValue("$so", result.ShadowOutput);
        insert.Parameters.AddWithValue("$sl", (object?)result.ShadowLatencyMilliseconds ?? DBNull.Value);
        insert.Parameters.AddWithValue("$status", result.Status.Name());
        insert.Parameters.AddWithValue("$reason", result.Reason);
        var id = (long)insert.ExecuteScalar()!;

        using var field = Command(connection, """
            INSERT INTO fields (comparison_id, row, field, kind, primary_value, shadow_value, agree, abs_diff, rel_diff, cosine)
            VALUES ($id, $row, $field, $kind, $p, $s, $agree, $abs, $rel, $cos)
            """);
        foreach (var f in result.Fields)
        {
            field.Parameters.Clear();
            field.Parameters.AddWithValue("$id", id);
            field.Parameters.AddWithValue("$row", f.Row);
            field.Parameters.AddWithValue("$field", f.Field);
            field.Parameters.AddWithValue("$kind", f.Kind.ToString());
            field.Parameters.AddWithValue("$p", f.Primary);
            field.Parameters.AddWithValue("$s", f.Shadow);
            field.Parameters.AddWithValue("$agree", f.Agree ? 1 : 0);
            field.Parameters.AddWithValue("$abs", (object?)f.AbsoluteDifference ?? DBNull.Value);
            field.Parameters.AddWithValue("$rel", (object?)f.RelativeDifference ?? DBNull.Value);
            field.Parameters.AddWithValue("$cos", (object?)f.Cosine ?? DBNull.Value);
            field.ExecuteNonQuery();
        }

        return id;
    }
}
