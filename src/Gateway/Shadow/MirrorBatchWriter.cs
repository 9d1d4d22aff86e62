using System.Text.Json;

namespace Gateway.Shadow;

/// <summary>
/// Writes a batch as ShadowCompare's <c>POST /v1/mirror</c> body. The input and the answer go in as the raw JSON they
/// already are; one that is not valid JSON (a backend answering something else) is left out and counted as dropped.
/// </summary>
internal static class MirrorBatchWriter
{
    public static (byte[] Body, List<MirrorRecord> Written) Write(
        string batchId, List<MirrorRecord> batch, Dictionary<string, Dictionary<string, long>> drops, List<UnconfirmedBatch> unconfirmed, MirrorQueue queue)
    {
        using var stream = new MemoryStream();
        var written = new List<MirrorRecord>(batch.Count);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("batch_id", batchId);
            json.WriteStartArray("records");
            foreach (var record in batch)
            {
                if (!IsJson(record.Input) || !IsJson(record.Output))
                {
                    queue.Drop(record.Model, DropReasons.NotJson);
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("model", record.Model);
                json.WriteString("api", record.Api);
                json.WriteString("request_id", record.RequestId);
                json.WriteString("time", record.Time);
                if (record.TraceParent is { } traceParent)
                {
                    json.WriteString("traceparent", traceParent);
                }

                json.WritePropertyName("input");
                json.WriteRawValue(record.Input, skipInputValidation: true);
                json.WriteStartObject("primary");
                json.WriteString("version", record.Version);
                json.WriteString("track", record.Track);
                json.WritePropertyName("output");
                json.WriteRawValue(record.Output, skipInputValidation: true);
                json.WriteNumber("latency_ms", record.LatencyMilliseconds);
                json.WriteEndObject();
                json.WriteEndObject();
                written.Add(record);
            }

            json.WriteEndArray();
            json.WritePropertyName("dropped");
            JsonSerializer.Serialize(json, drops);
            json.WriteStartArray("unconfirmed");
            foreach (var lost in unconfirmed)
            {
                json.WriteStartObject();
                json.WriteString("batch_id", lost.BatchId);
                json.WriteString("reason", lost.Reason);
                json.WritePropertyName("counts");
                JsonSerializer.Serialize(json, lost.Counts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return (stream.ToArray(), written);
    }

    private static bool IsJson(byte[] utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
