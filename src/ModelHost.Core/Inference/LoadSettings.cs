using ModelHost.Batching;

namespace ModelHost.Inference;

/// <summary>How one model version is loaded and scheduled.</summary>
/// <param name="IntraOpThreads">Threads ONNX Runtime may use inside one operator of one run.</param>
/// <param name="Batching">How its requests are batched or run concurrently.</param>
/// <param name="RecordedDigest">The weights' SHA-256 recorded for the version (by the control plane), which the store's must match; null when none was.</param>
internal sealed record LoadSettings(int IntraOpThreads, BatchingOptions Batching, string? RecordedDigest = null);
