using System.Text.Json;
using Microsoft.Data.Sqlite;
using ShadowCompare.Ingest;

namespace ShadowCompare.Storage;

/// <summary>The store's ingest side: mirror records waiting to be compared, batch ids, and the gateway's drop counts.</summary>
internal sealed partial class ComparisonStore
{
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
}
