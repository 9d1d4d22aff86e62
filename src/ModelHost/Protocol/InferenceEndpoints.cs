using Microsoft.Extensions.Options;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>The inference handlers: Open Inference Protocol <c>infer</c>, and <c>:predict</c> with named features.</summary>
internal static class InferenceEndpoints
{
    public static async Task InferAsync(HttpContext context, string name, string? version, ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options)
    {
        var settings = options.CurrentValue;
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
                if (!InferRequestReader.TryRead(body.Root, body.Binary, lease.Model.Session, settings.MaxTensorElements, out var request, out var answer, out var invalid))
                {
                    await ProtocolResults.Error(StatusCodes.Status400BadRequest, invalid).ExecuteAsync(context);
                    return;
                }

                await RunAsync(context, lease.Model, request, outputs => ProtocolResponseWriter.WriteInferAsync(context.Response, lease.Model, answer, outputs));
            }
        }
    }

    public static async Task PredictAsync(HttpContext context, string name, ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options)
    {
        var settings = options.CurrentValue;
        var (body, status, problem) = await JsonBody.ReadAsync(context.Request, settings.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await ProtocolResults.Error(status, problem).ExecuteAsync(context);
            return;
        }

        using (body)
        {
            if (!ModelLookup.TryAcquire(registry, name, null, out var lease, out var missing))
            {
                await ProtocolResults.Error(missing).ExecuteAsync(context);
                return;
            }

            using (lease)
            {
                var model = lease.Model;
                context.Response.Headers[ModelHostConfig.VersionHeader] = model.Version;
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

                await RunAsync(context, model, request, outputs => ProtocolResponseWriter.WritePredictAsync(context.Response, model, manifest, outputs));
            }
        }
    }

    private static async Task RunAsync(HttpContext context, LoadedModel model, InferenceRequest request, Func<NamedTensor[], Task> write)
    {
        var outcome = await model.Scheduler.RunAsync(request, context.RequestAborted);
        if (outcome.Error is not null)
        {
            await ProtocolResults.Error(outcome.Error).ExecuteAsync(context);
            return;
        }

        await write(outcome.Outputs!);
    }
}
