using Gateway.Pipeline.Call;
using Gateway.Pipeline.Decide;
using Gateway.Pipeline.Intake;
using Gateway.Pipeline.Record;
using Gateway.Validation;

namespace Gateway.Pipeline;

/// <summary>Registers the request path's stages (see <see cref="RequestPipelineMiddleware"/>).</summary>
internal static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddRequestPipeline(this IServiceCollection services) => services
        .AddSingleton<RequestValidator>()
        .AddSingleton<TrackChooser>()
        .AddSingleton<IntakeStage>()
        .AddSingleton<DecideStage>()
        .AddSingleton<CallStage>()
        .AddSingleton<RecordStage>();
}
