using Grpc.Core;
using Inference.Grpc;
using Microsoft.Extensions.Options;
using ModelHost.Inference;
using ModelHost.Models;
using ModelHost.Protocol;
using ModelHost.Telemetry;

namespace ModelHost.Grpc;

/// <summary>
/// The Open Inference Protocol over gRPC (<c>inference.GRPCInferenceService</c>): the same registry, leases, checks and
/// scheduler as the REST handlers, so both forms answer alike; errors are the gRPC statuses of <see cref="GrpcErrors"/>.
/// </summary>
internal sealed class InferenceService(ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = registry.IsReady });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = ModelHostConfig.ServiceName, Version = MetadataEndpoints.ServerVersion });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        // Like REST, readiness is an answer, not an error, unless the model is not served here at all.
        if (!ModelLookup.TryAcquire(registry, request.Name, Version(request.Version), out var lease, out var error))
        {
            return error.Kind == InferenceErrorKind.NotFound
                ? throw GrpcErrors.From(error)
                : Task.FromResult(new ModelReadyResponse { Ready = false });
        }

        lease.Dispose();
        return Task.FromResult(new ModelReadyResponse { Ready = true });
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        using var lease = Acquire(request.Name, request.Version);
        var model = lease.Model;
        var response = new ModelMetadataResponse { Name = model.Name, Platform = MetadataEndpoints.Platform };
        response.Versions.Add(model.Version);
        response.Inputs.AddRange(model.Session.Inputs.Select(Describe));
        response.Outputs.AddRange(model.Session.Outputs.Select(Describe));
        return Task.FromResult(response);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        using var lease = Acquire(request.ModelName, request.ModelVersion);
        var model = lease.Model;
        if (!InferRequestMessageReader.TryRead(request, model.Session, options.CurrentValue.MaxTensorElements, out var inference, out var raw, out var invalid))
        {
            throw GrpcErrors.InvalidArgument(invalid);
        }

        InferenceOutcome outcome;
        using (var activity = ModelHostActivitySource.StartInference(model.Name, model.Version))
        {
            outcome = await model.Scheduler.RunAsync(inference, context.CancellationToken);
            activity?.SetTag("outcome", outcome.Error?.Kind.ToString() ?? "Success");
        }

        return outcome.Error is { } failed
            ? throw GrpcErrors.From(failed)
            : InferResponseMessageWriter.Write(model, request.Id, outcome.Outputs!, raw);
    }

    private ModelLease Acquire(string name, string version)
    {
        if (name.Length == 0)
        {
            throw GrpcErrors.InvalidArgument("the model name is empty");
        }

        return ModelLookup.TryAcquire(registry, name, Version(version), out var lease, out var error) ? lease : throw GrpcErrors.From(error);
    }

    // The protocol's "no version" is the empty string.
    private static string? Version(string version) => version.Length == 0 ? null : version;

    private static ModelMetadataResponse.Types.TensorMetadata Describe(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype.Name() };
        tensor.Shape.AddRange(spec.Shape);
        return tensor;
    }
}
