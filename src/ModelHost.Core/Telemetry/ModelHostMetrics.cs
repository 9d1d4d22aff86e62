using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelHost.Telemetry;

/// <summary>The ModelHost's own instruments, tagged by model and version.</summary>
internal sealed class ModelHostMetrics
{
    public const string InferenceDuration = "modelhost.inference.duration";
    public const string QueueDuration = "modelhost.queue.duration";
    public const string BatchSize = "modelhost.batch.size";
    public const string Rejected = "modelhost.requests.rejected";
    public const string Loads = "modelhost.model.loads";

    private readonly Histogram<double> _inference;
    private readonly Histogram<double> _queue;
    private readonly Histogram<int> _batch;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _loads;

    public ModelHostMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(ModelHostConfig.InstrumentationName))
    {
    }

    private ModelHostMetrics(Meter meter)
    {
        _inference = meter.CreateHistogram<double>(InferenceDuration, "s", "Time ONNX Runtime spent running one batch or request.",
            advice: new() { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _queue = meter.CreateHistogram<double>(QueueDuration, "s", "Time a request waited before its run started.",
            advice: new() { HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });
        _batch = meter.CreateHistogram<int>(BatchSize, "{request}", "Requests coalesced into one run.",
            advice: new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _rejected = meter.CreateCounter<long>(Rejected, "{request}", "Requests refused because the model's queue was full.");
        _loads = meter.CreateCounter<long>(Loads, "{load}", "Model version loads, by outcome.");
    }

    /// <summary>Instruments on a meter the caller owns, for a model served outside a host (<see cref="Local.LocalModel"/>), which nothing collects unless it listens.</summary>
    public static ModelHostMetrics On(Meter meter) => new(meter);

    public void RecordRun(string model, string version, TimeSpan elapsed, int requests)
    {
        var tags = new TagList { { "model", model }, { "version", version } };
        _inference.Record(elapsed.TotalSeconds, tags);
        _batch.Record(requests, tags);
    }

    public void RecordQueued(string model, string version, TimeSpan waited) =>
        _queue.Record(waited.TotalSeconds, new TagList { { "model", model }, { "version", version } });

    public void RecordRejected(string model, string version) =>
        _rejected.Add(1, new TagList { { "model", model }, { "version", version } });

    public void RecordLoad(string model, string version, bool succeeded)
    {
        _loads.Add(1, new TagList { { "model", model }, { "version", version }, { "outcome", succeeded ? "loaded" : "refused" } });
        if (succeeded)
        {
            // The series an alert or a panel reads start at 0 for a version being served: a healthy host shows 0, not "no data".
            _loads.Add(0, new TagList { { "model", model }, { "version", version }, { "outcome", "refused" } });
            _rejected.Add(0, new TagList { { "model", model }, { "version", version } });
        }
    }
}
