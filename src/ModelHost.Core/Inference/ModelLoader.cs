using Microsoft.ML.OnnxRuntime;
using ModelHost.Batching;
using ModelHost.Store;
using ModelHost.Telemetry;

namespace ModelHost.Inference;

/// <summary>Fetches a version from the store, checks it against the digest recorded for it, creates its session, checks its manifest against the graph and warms it up.</summary>
internal sealed class ModelLoader(IModelStore store, ModelHostMetrics metrics, TimeProvider time)
{
    /// <exception cref="ModelStoreException">The version cannot be served; the message names model, version and cause.</exception>
    public async Task<LoadedModel> LoadAsync(string name, string version, LoadSettings settings, CancellationToken cancellationToken)
    {
        var artifact = await store.FetchAsync(name, version, cancellationToken);
        if (settings.RecordedDigest is { } recorded && WeightsVerifier.Hash(artifact.Weights) is var actual && actual != recorded)
        {
            throw new ModelStoreException(name, version, $"the control plane recorded sha256 {recorded} for this version when it was set; the store's weights hash to {actual}");
        }

        ModelSession session;
        try
        {
            using var sessionOptions = SessionOptionsFactory.Create(settings.IntraOpThreads);
            session = new ModelSession(artifact.Weights, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelStoreException(name, version, $"ONNX Runtime cannot load model.onnx: {e.Message}", e);
        }

        try
        {
            CheckServable(name, version, session, artifact.Manifest);
            await Task.Run(() => WarmUp.Run(session), cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or OnnxRuntimeException)
        {
            session.Dispose();
            throw e as ModelStoreException ?? new ModelStoreException(name, version, $"warm-up run failed: {e.Message}", e);
        }

        var batching = settings.Batching;
        var scheduled = new ScheduledModel(name, version, session, metrics, time);
        var batchable = batching.Enabled
            && session.Inputs.All(i => i.HasVariableFirstDimension)
            && session.Outputs.All(o => o.HasVariableFirstDimension);
        IInferenceScheduler scheduler = batchable ? new DynamicBatcher(scheduled, batching) : new ConcurrentScheduler(scheduled, batching);
        return new LoadedModel(name, version, session, scheduler, artifact.Manifest);
    }

    private static void CheckServable(string name, string version, ModelSession session, ModelManifest? manifest)
    {
        if (session.UnsupportedInputs.Count > 0)
        {
            throw new ModelStoreException(name, version, $"input(s) {string.Join(", ", session.UnsupportedInputs)} are not tensors of a protocol datatype");
        }

        if (manifest is null)
        {
            return;
        }

        foreach (var input in manifest.Inputs)
        {
            var spec = session.Inputs.FirstOrDefault(i => i.Name == input.Tensor)
                ?? throw new ModelStoreException(name, version, $"the manifest maps features to '{input.Tensor}', which is not an input of the graph");
            if (spec.Shape.Length != 2 || (spec.Shape[1] >= 0 && spec.Shape[1] != input.Features.Count))
            {
                throw new ModelStoreException(name, version, $"input '{input.Tensor}' has shape [{string.Join(",", spec.Shape)}]; {input.Features.Count} feature(s) need [-1,{input.Features.Count}]");
            }
        }

        var unmapped = session.Inputs.Where(i => manifest.Inputs.Count > 0 && !manifest.Inputs.Any(m => m.Tensor == i.Name)).ToList();
        if (unmapped.Count > 0)
        {
            throw new ModelStoreException(name, version, $"the manifest maps no features to input(s) {string.Join(", ", unmapped.Select(u => u.Name))}");
        }

        foreach (var output in manifest.Outputs.Where(o => !session.Outputs.Any(s => s.Name == o.Tensor)))
        {
            throw new ModelStoreException(name, version, $"the manifest names output '{output.Tensor}', which is not a tensor output of the graph");
        }
    }
}
