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
    /// Stores comparisons and, in the same transaction, removes the pending records they came from and adds their
    /// inputs' drift counts: a record is counted exactly once.
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
            foreach (var (results, pendingId) in done)
            {
                foreach (var result in results)
                {
                    Insert(connection, result);
                }

                if (pendingId is { } pending)
                {
                    id.Value = pending;
                    removed += delete.ExecuteNonQuery();
                }
            }

            AddDriftCounts(connection, drift ?? []);
            transaction.Commit();
            _pending -= removed;
        }
    }

    /// <summary>The comparisons of a model, oldest first, optionally of one shadow version, source or run.</summary>
    public IReadOnlyList<ComparisonResult> Read(string model, string? shadowVersion = null, string? source = null, string? run = null)
    {
        using var connection = Open();
        using var select = Command(connection, """
            SELECT id, source, run, request_id, time, input, primary_version, primary_output, primary_latency_ms,
                   shadow, shadow_version, shadow_output, shadow_latency_ms, status, reason
            FROM comparisons
            WHERE model = $model AND ($version IS NULL OR shadow_version = $version)
              AND ($source IS NULL OR source = $source) AND ($run IS NULL OR run = $run)
            ORDER BY id
            """);
        select.Parameters.AddWithValue("$model", model);
        select.Parameters.AddWithValue("$version", (object?)shadowVersion ?? DBNull.Value);
        select.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        select.Parameters.AddWithValue("$run", (object?)run ?? DBNull.Value);
        var fields = ReadFields(connection, model);
        var results = new List<ComparisonResult>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            results.Add(new ComparisonResult
            {
                Model = model,
                Source = reader.GetString(1),
                Run = reader.GetString(2),
                RequestId = reader.GetString(3),
                Time = DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                Input = reader.GetString(5),
                PrimaryVersion = reader.GetString(6),
                PrimaryOutput = reader.GetString(7),
                PrimaryLatencyMilliseconds = reader.GetDouble(8),
                Shadow = reader.GetString(9),
                ShadowVersion = reader.GetString(10),
                ShadowOutput = reader.GetString(11),
                ShadowLatencyMilliseconds = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                Status = reader.GetString(13),
                Reason = reader.GetString(14),
                Fields = fields.TryGetValue(id, out var own) ? own : [],
            });
        }

        return results;
    }

    /// <summary>The models and candidate versions compared so far (the control's comparisons are no candidate), newest first, with their counts.</summary>
    public IReadOnlyList<(string Model, string ShadowVersion, long Count)> Candidates()
    {
        using var connection = Open();
        using var reader = Command(connection,
            "SELECT model, shadow_version, COUNT(*), MAX(id) FROM comparisons WHERE shadow <> 'control' GROUP BY model, shadow_version ORDER BY MAX(id) DESC").ExecuteReader();
        var found = new List<(string, string, long)>();
        while (reader.Read())
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return found;
    }

    private static Dictionary<long, List<FieldComparison>> ReadFields(SqliteConnection connection, string model)
    {
        using var select = Command(connection, """
            SELECT f.comparison_id, f.row, f.field, f.kind, f.primary_value, f.shadow_value, f.agree, f.abs_diff, f.rel_diff, f.cosine
            FROM fields f JOIN comparisons c ON c.id = f.comparison_id WHERE c.model = $model
            """);
        select.Parameters.AddWithValue("$model", model);
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

    /// <summary>Deletes the comparisons (and their fields) whose request time is before <paramref name="cutoff"/>, a few thousand per transaction, and the drift counts of the hours before it.</summary>
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
                DeleteDriftCountsBefore(cutoff);
                return total;
            }
        }
    }

    private static void Insert(SqliteConnection connection, ComparisonResult result)
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
        insert.Parameters.AddWithValue("$status", result.Status);
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
    }
}
