using ModelHost.Inference;
using ModelHost.Telemetry;

namespace ModelHost.Batching;

/// <summary>What a scheduler needs of the model it runs: the session, and its name and version for metrics.</summary>
internal sealed record ScheduledModel(string Name, string Version, ModelSession Session, ModelHostMetrics Metrics, TimeProvider Time);
