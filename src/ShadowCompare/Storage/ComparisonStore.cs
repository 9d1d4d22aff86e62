using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ShadowCompare.Comparison;
using ShadowCompare.Ingest;

namespace ShadowCompare.Storage;

/// <summary>
/// The comparisons, in one SQLite file (WAL, synchronous FULL: a record is on disk before it is acknowledged). Mirror
/// records wait in <c>pending</c> until compared; a comparison and the removal of its pending record are one
/// transaction, so a stop at any point loses nothing and compares nothing twice.
/// </summary>
internal sealed class ComparisonStore
{
    private readonly string _connectionString;
    private readonly Lock _writing = new();
    private long _pending;

    public ComparisonStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
        _pending = (long)Command(connection, "SELECT COUNT(*) FROM pending").ExecuteScalar()!;
    }

    public string Path { get; }

    /// <summary>
    /// Stores a batch of mirror records and the gateway's drop counts durably, in one transaction. A batch id already
    /// seen (stored, or reported lost) is not stored again; an unconfirmed batch counts as dropped only if it was never
    /// stored, and is then refused should it still arrive: every record is counted exactly once.
    /// </summary>
    /// <returns>How many records were stored.</returns>
    public int Enqueue(IReadOnlyList<MirrorRecord> records, IReadOnlyDictionary<string, Dictionary<string, long>>? dropped = null,
        string? batchId = null, IReadOnlyList<UnconfirmedBatch>? unconfirmed = null)
    {
        lock (_writing)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            var stored = 0;
            if (batchId is null || TryMarkBatch(connection, batchId, "stored"))
            {
                using var insert = Command(connection, "INSERT INTO pending (model, record) VALUES ($model, $record)");
                var model = insert.Parameters.Add("$model", SqliteType.Text);
                var record = insert.Parameters.Add("$record", SqliteType.Text);
                foreach (var mirror in records)
                {
                    model.Value = mirror.Model;
                    record.Value = JsonSerializer.Serialize(mirror);
                    insert.ExecuteNonQuery();
                }

                stored = records.Count;
            }

            foreach (var (model, reasons) in dropped ?? new Dictionary<string, Dictionary<string, long>>())
            {
                foreach (var (reason, count) in reasons.Where(r => r.Value > 0))
                {
                    AddDrops(connection, model, reason, count);
                }
            }

            foreach (var lost in unconfirmed ?? [])
            {
                if (TryMarkBatch(connection, lost.BatchId, "dropped"))
                {
                    foreach (var (model, count) in lost.Counts.Where(c => c.Value > 0))
                    {
                        AddDrops(connection, model, lost.Reason, count);
                    }
                }
            }

            transaction.Commit();
            _pending += stored;
            return stored;
        }
    }

    /// <summary>Mirror records waiting to be compared (kept in memory: asked on every post).</summary>
    public long PendingCount() => Interlocked.Read(ref _pending);

    /// <summary>Mirror records of one model waiting to be compared.</summary>
    public long PendingCount(string model)
    {
        using var connection = Open();
        using var count = Command(connection, "SELECT COUNT(*) FROM pending WHERE model = $model");
        count.Parameters.AddWithValue("$model", model);
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>The oldest pending records, up to <paramref name="max"/>.</summary>
    public IReadOnlyList<(long Id, MirrorRecord Record)> TakePending(int max)
    {
        using var connection = Open();
        using var select = Command(connection, "SELECT id, record FROM pending ORDER BY id LIMIT $max");
        select.Parameters.AddWithValue("$max", max);
        using var reader = select.ExecuteReader();
        var taken = new List<(long, MirrorRecord)>();
        while (reader.Read())
        {
            taken.Add((reader.GetInt64(0), JsonSerializer.Deserialize<MirrorRecord>(reader.GetString(1))!));
        }

        return taken;
    }

    /// <summary>Stores comparisons (offline runs: nothing pending to remove).</summary>
    public void Save(IReadOnlyList<ComparisonResult> results) => Save([(results, null)]);

    /// <summary>Stores comparisons and, in the same transaction, removes the pending records they came from.</summary>
    public void Save(IReadOnlyList<(IReadOnlyList<ComparisonResult> Results, long? PendingId)> done)
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

            transaction.Commit();
            _pending -= removed;
        }
    }

    private static bool TryMarkBatch(SqliteConnection connection, string batchId, string status)
    {
        using var mark = Command(connection, "INSERT INTO batches (id, status) VALUES ($id, $status) ON CONFLICT (id) DO NOTHING");
        mark.Parameters.AddWithValue("$id", batchId);
        mark.Parameters.AddWithValue("$status", status);
        return mark.ExecuteNonQuery() == 1;
    }

    // Adds to the count of records the gateway dropped before handing them over.
    private static void AddDrops(SqliteConnection connection, string model, string reason, long count)
    {
        using var upsert = Command(connection,
            "INSERT INTO drops (model, reason, count) VALUES ($model, $reason, $count) ON CONFLICT (model, reason) DO UPDATE SET count = count + $count");
        upsert.Parameters.AddWithValue("$model", model);
        upsert.Parameters.AddWithValue("$reason", reason);
        upsert.Parameters.AddWithValue("$count", count);
        upsert.ExecuteNonQuery();
    }

    public Dictionary<string, long> Drops(string model)
    {
        using var connection = Open();
        using var select = Command(connection, "SELECT reason, count FROM drops WHERE model = $model");
        select.Parameters.AddWithValue("$model", model);
        using var reader = select.ExecuteReader();
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            drops[reader.GetString(0)] = reader.GetInt64(1);
        }

        return drops;
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

    /// <summary>The models and shadow versions compared so far, newest first, with their counts.</summary>
    public IReadOnlyList<(string Model, string ShadowVersion, long Count)> Candidates()
    {
        using var connection = Open();
        using var reader = Command(connection,
            "SELECT model, shadow_version, COUNT(*), MAX(id) FROM comparisons GROUP BY model, shadow_version ORDER BY MAX(id) DESC").ExecuteReader();
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
        insert.Parameters.AddWithValue("$time", result.Time.ToString("O", CultureInfo.InvariantCulture));
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

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;");
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY, model TEXT NOT NULL, record TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS comparisons (
            id INTEGER PRIMARY KEY, model TEXT NOT NULL, source TEXT NOT NULL, run TEXT NOT NULL, request_id TEXT NOT NULL,
            time TEXT NOT NULL, input TEXT NOT NULL, primary_version TEXT NOT NULL, primary_output TEXT NOT NULL,
            primary_latency_ms REAL NOT NULL, shadow TEXT NOT NULL, shadow_version TEXT NOT NULL, shadow_output TEXT NOT NULL,
            shadow_latency_ms REAL, status TEXT NOT NULL, reason TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS comparisons_by_model ON comparisons (model, shadow_version, source, run);
        CREATE TABLE IF NOT EXISTS fields (
            comparison_id INTEGER NOT NULL REFERENCES comparisons (id), row INTEGER NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL,
            primary_value TEXT NOT NULL, shadow_value TEXT NOT NULL, agree INTEGER NOT NULL, abs_diff REAL, rel_diff REAL, cosine REAL);
        CREATE INDEX IF NOT EXISTS fields_by_comparison ON fields (comparison_id);
        CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, status TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS drops (model TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (model, reason));
        """;
}
