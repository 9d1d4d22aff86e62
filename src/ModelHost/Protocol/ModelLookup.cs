using ModelHost.Inference;
using ModelHost.Models;

namespace ModelHost.Protocol;

/// <summary>Finds the served model a URL names, with a lease on it, or the error that says why not.</summary>
internal static class ModelLookup
{
    public static bool TryAcquire(ModelRegistry registry, string name, string? version, out ModelLease lease, out InferenceError error)
    {
        error = null!;
        if (!registry.TryAcquire(name, out lease))
        {
            var state = registry.States.FirstOrDefault(s => s.Name == name);
            error = state?.LastError is not null
                ? new InferenceError(InferenceErrorKind.Unavailable, $"model '{name}' is not ready: {state.LastError}")
                : registry.HasLoaded || state is not null
                    ? new InferenceError(InferenceErrorKind.NotFound, $"model '{name}' is not served here")
                    : new InferenceError(InferenceErrorKind.Unavailable, "the server is still loading its models");
            return false;
        }

        if (version is not null && version != lease.Model.Version)
        {
            error = new InferenceError(InferenceErrorKind.NotFound, $"model '{name}' version '{version}' is not served here; version '{lease.Model.Version}' is");
            lease.Dispose();
            return false;
        }

        return true;
    }
}
