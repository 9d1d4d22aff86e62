using Microsoft.Extensions.Options;
using ModelHost.Inference;
using ModelHost.Models;
using ModelHost.Telemetry;

namespace ModelHost.Protocol;

/// <summary>The inference handlers: Open Inference Protocol <c>infer</c>, and <c>:predict</c> with named features.</summary>
internal static class InferenceEndpoints
{
    public static Task InferAsync(HttpContext context, string name, string? version, ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options) =>
        WithBodyAndModelAsync(context, name, version, registry, options.CurrentValue, async (body, model, settings) =>
        {
            if (!InferRequestReader.TryRead(body.Root, body.Binary, model.Session, settings.MaxTensorElements, out var request, out var answer, out var invalid))
            {
                await ProtocolResults.Error(StatusCodes.Status400BadRequest, invalid).ExecuteAsync(context);
                return;
            }

            await RunAsync(context, model, request, outputs => ProtocolResponses.WriteInferAsync(context.Response, model, answer, outputs));
        });

    public static Task PredictAsync(HttpContext context, string name, ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options) =>
        WithBodyAndModelAsync(context, name, null, registry, options.CurrentValue, async (body, model, settings) =>
        {
            if (model.Manifest is not { Inputs.Count: > 0 } manifest)
            {
                await ProtocolResults.Error(StatusCodes.Status400BadRequest,
                    $"model '{name}' version '{model.Version}' has no feature mapping in model.json; call /v2/models/{name}/infer with tensors").ExecuteAsync(context);
                return;
            }

            if (!PredictRequestReader.TryRead(body.Root, manifest, model.Session, settings.MaxTensorElements, out var request, out var invalid))
            {
                await ProtocolResults.Error(StatusCodes.Status400BadRequest, invalid).ExecuteAsync(context);
                return;
            }

            await RunAsync(context, model, request, outputs => ProtocolResponses.WritePredictAsync(context.Response, model, manifest, outputs));
        });

    // The body is read before the lease is taken, so a slow upload never holds a retiring version back from draining.
    private static async Task WithBodyAndModelAsync(
        HttpContext context, string name, string? version, ModelRegistry registry, ModelHostOptions settings, Func<JsonBody, LoadedModel, ModelHostOptions, Task> handle)
    {
        var (body, status, problem) = await JsonBody.ReadAsync(context.Request, settings.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await ProtocolResults.Error(status, problem).ExecuteAsync(context);
            return;
        }

        using (body)
        {
            if (!ModelLookup.TryAcquire(registry, name, version, out var lease, out var missing))
            {
                await ProtocolResults.Error(missing).ExecuteAsync(context);
                return;
            }

            using (lease)
            {
                context.Response.Headers[ModelHostConfig.VersionHeader] = lease.Model.Version;
                await handle(body, lease.Model, settings);
            }
        }
    }

    private static async Task RunAsync(HttpContext context, LoadedModel model, InferenceRequest request, Func<NamedTensor[], Task> write)
    {
        InferenceOutcome outcome;
        using (var activity = ModelHostActivitySource.StartInference(model.Name, model.Version))
        {
            outcome = await model.Scheduler.RunAsync(request, context.RequestAborted);
            activity?.SetTag("outcome", outcome.Error?.Kind.ToString() ?? "Success");
        }

        if (outcome.Error is not null)
        {
            await ProtocolResults.Error(outcome.Error).ExecuteAsync(context);
            return;
        }

        await write(outcome.Outputs!);
    }
}
