using Microsoft.Data.Sqlite;

namespace ShadowCompare.Storage;

/// <summary>
/// The comparisons, in one SQLite file (WAL, synchronous FULL: a record is on disk before it is acknowledged). Mirror
/// records wait in <c>pending</c> until compared; a comparison and the removal of its pending record are one
/// transaction, so a stop at any point loses nothing and compares nothing twice. This part: the file, its schema and
/// connections; ingest, comparisons, their aggregates and drift counts are the other parts.
/// </summary>
internal sealed partial class ComparisonStore
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
        BuildAggregatesOnce(connection);
        _pending = (long)Command(connection, "SELECT COUNT(*) FROM pending").ExecuteScalar()!;
    }

    public string Path { get; }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // secure_delete: a deleted comparison's input (retention) is overwritten, not left in free pages.
        Execute(connection, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;");
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
        CREATE INDEX IF NOT EXISTS comparisons_by_time ON comparisons (time);
        CREATE TABLE IF NOT EXISTS fields (
            comparison_id INTEGER NOT NULL REFERENCES comparisons (id), row INTEGER NOT NULL, field TEXT NOT NULL, kind TEXT NOT NULL,
            primary_value TEXT NOT NULL, shadow_value TEXT NOT NULL, agree INTEGER NOT NULL, abs_diff REAL, rel_diff REAL, cosine REAL);
        CREATE INDEX IF NOT EXISTS fields_by_comparison ON fields (comparison_id);
        CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, status TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS drops (model TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (model, reason));
        CREATE TABLE IF NOT EXISTS aggregates (
            model TEXT NOT NULL, shadow TEXT NOT NULL, shadow_version TEXT NOT NULL, primary_version TEXT NOT NULL, source TEXT NOT NULL,
            run TEXT NOT NULL, day TEXT NOT NULL, comparisons INTEGER NOT NULL, last_id INTEGER NOT NULL, data TEXT NOT NULL,
            PRIMARY KEY (model, shadow_version, primary_version, shadow, source, run, day));
        CREATE INDEX IF NOT EXISTS aggregates_by_day ON aggregates (day);
        CREATE TABLE IF NOT EXISTS drift_counts (
            model TEXT NOT NULL, version TEXT NOT NULL, feature TEXT NOT NULL, bin TEXT NOT NULL, hour TEXT NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (model, version, feature, bin, hour));
        CREATE INDEX IF NOT EXISTS drift_counts_by_hour ON drift_counts (hour);
        """;
}