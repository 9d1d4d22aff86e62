using Gateway.Jobs;
using Gateway.Pipeline.Call;
using Gateway.Pipeline.Decide;
using Gateway.Pipeline.Intake;
using Gateway.Pipeline.Record;
using Gateway.Telemetry;
using Gateway.Versioning;

namespace Gateway.Pipeline;

/// <summary>
/// The request path of ../shared/DESIGN.md, four stages that hand each other values: intake (a
/// <see cref="GatewayRequest"/>) → decide (a <see cref="CacheLookup"/>) → call (a <see cref="BackendOutcome"/>) →
/// record. YARP's own steps (affinity, load balancing, passive health, the forwarder) run inside the call stage. The
/// whole call is timed here, once, for the request metric, tagged with its outcome: hit, miss, or the status class of a
/// refusal or failure. Calls in flight are counted so batch jobs yield to them. What is cached and mirrored is the
/// backend's answer; an API version's own touches (<see cref="InstanceIds"/>) go on as it is written out.
/// </summary>
internal sealed class RequestPipelineMiddleware(
    RequestDelegate forward, IntakeStage intake, DecideStage decide, CallStage call, RecordStage record, OnlineCalls online, GatewayMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
        var model = metadata?.GetValueOrDefault(GatewayConfig.ModelMetadata) ?? "";
        var api = metadata?.GetValueOrDefault(GatewayConfig.ApiMetadata) ?? Apis.V1;
        var operation = metadata?.GetValueOrDefault(GatewayConfig.OperationMetadata) == nameof(RouteOperation.Read) ? RouteOperation.Read : RouteOperation.Call;
        var track = Track.Stable;
        var hit = false;
        online.Started();
        try
        {
            if (await intake.TakeAsync(context, model, api, operation) is not { } request)
            {
                return;
            }

            track = request.Choice.Track;
            if (operation == RouteOperation.Read)
            {
                // Metadata and readiness: the caller's track answers, and nothing is cached, mirrored or windowed.
                await AnswerWriter.WriteAsync(context, await call.CallAsync(context, request, forward));
                return;
            }

            var lookup = await decide.LookupAsync(context, request);
            if (lookup.Hit is { } answer)
            {
                hit = true;
                await AnswerWriter.WriteHitAsync(context, InstanceIds.Echoes(api) ? answer with { Body = InstanceIds.Echo(answer.Body, request.Json) } : answer);
                return;
            }

            var outcome = await call.CallAsync(context, request, forward);
            track = outcome.Track;

            // Recorded before the client has the answer: a repeat sent the moment it arrives finds it in the cache, and
            // nothing the record stage does can fail an answer already on its way.
            await record.RecordAsync(context, request, lookup, outcome);
            await AnswerWriter.WriteAsync(context, outcome.IsSuccess && InstanceIds.Echoes(api)
                ? outcome with { Final = outcome.Final with { Body = InstanceIds.Echo(outcome.Final.Body, request.Json) } }
                : outcome);
        }
        finally
        {
            online.Ended();
            if (operation == RouteOperation.Call)
            {
                var status = context.Response.StatusCode;
                var label = status < 400 ? hit ? "hit" : "miss" : status < 500 ? "client_error" : "backend_error";
                metrics.RecordRequest(model, api, track, label, time.GetElapsedTime(started));
            }
        }
    }
}
