using System.Collections.Concurrent;
using System.Threading.Channels;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Shadow;

/// <summary>
/// The bounded queue between the request path and the sender. Adding never waits: a full queue drops the record and
/// counts it. Drops are also tallied by model and reason, to be handed to ShadowCompare with the next batch, so its
/// report can reconcile mirrored = compared + dropped + failed.
/// </summary>
internal sealed class MirrorQueue
{
    private readonly Channel<MirrorRecord> _channel;
    private readonly ConcurrentDictionary<(string Model, string Reason), long> _unreported = new();
    private readonly ConcurrentQueue<UnconfirmedBatch> _unconfirmed = new();
    private readonly GatewayMetrics _metrics;

    public MirrorQueue(IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        _metrics = metrics;
        _channel = Channel.CreateBounded<MirrorRecord>(new BoundedChannelOptions(options.Value.Shadow.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        metrics.Meter.CreateObservableGauge(GatewayMetrics.ShadowQueueLength, () => _channel.Reader.Count, "{record}", "Mirror records waiting to be sent.");
    }

    public ChannelReader<MirrorRecord> Reader => _channel.Reader;

    public void Add(MirrorRecord record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            _metrics.RecordMirrored(record.Model);
            return;
        }

        Drop(record.Model, DropReasons.QueueFull);
    }

    public void Drop(string model, string reason, long count = 1)
    {
        _metrics.RecordMirrorDropped(model, reason, count);
        _unreported.AddOrUpdate((model, reason), count, (_, old) => old + count);
    }

    /// <summary>Whether some drops or unconfirmed batches have not been reported to ShadowCompare yet.</summary>
    public bool HasUnreportedDrops => !_unreported.IsEmpty || !_unconfirmed.IsEmpty;

    /// <summary>
    /// A batch whose post failed or timed out: it may or may not have been stored, so it is reported by id and
    /// ShadowCompare counts it as dropped only if it never stored it. The gateway's own metric counts it now.
    /// </summary>
    public void Unconfirmed(string batchId, string reason, IReadOnlyList<MirrorRecord> records)
    {
        var counts = records.GroupBy(r => r.Model).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        foreach (var (model, count) in counts)
        {
            _metrics.RecordMirrorDropped(model, reason, count);
        }

        _unconfirmed.Enqueue(new UnconfirmedBatch(batchId, reason, counts));
    }

    /// <summary>Takes the unconfirmed batches not yet reported.</summary>
    public List<UnconfirmedBatch> TakeUnconfirmed()
    {
        var taken = new List<UnconfirmedBatch>();
        while (_unconfirmed.TryDequeue(out var batch))
        {
            taken.Add(batch);
        }

        return taken;
    }

    /// <summary>Puts back unconfirmed batches whose report did not get through.</summary>
    public void ReturnUnconfirmed(List<UnconfirmedBatch> batches)
    {
        foreach (var batch in batches)
        {
            _unconfirmed.Enqueue(batch);
        }
    }

    /// <summary>Takes the drops not yet reported to ShadowCompare, by model and reason.</summary>
    public Dictionary<string, Dictionary<string, long>> TakeUnreportedDrops()
    {
        var taken = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var key in _unreported.Keys)
        {
            if (_unreported.TryRemove(key, out var count) && count > 0)
            {
                if (!taken.TryGetValue(key.Model, out var reasons))
                {
                    taken[key.Model] = reasons = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                reasons[key.Reason] = count;
            }
        }

        return taken;
    }

    /// <summary>Puts back drops whose report did not get through, to go with a later batch.</summary>
    public void ReturnUnreportedDrops(Dictionary<string, Dictionary<string, long>> drops)
    {
        foreach (var (model, reasons) in drops)
        {
            foreach (var (reason, count) in reasons)
            {
                _unreported.AddOrUpdate((model, reason), count, (_, old) => old + count);
            }
        }
    }
}
