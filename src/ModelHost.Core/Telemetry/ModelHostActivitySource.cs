using System.Diagnostics;

namespace ModelHost.Telemetry;

/// <summary>The ModelHost's spans: one per inference, under the request's span, covering queueing and the run.</summary>
internal static class ModelHostActivitySource
{
    private static readonly ActivitySource Source = new(ModelHostConfig.InstrumentationName);

    public static Activity? StartInference(string model, string version)
    {
        var activity = Source.StartActivity("infer " + model, ActivityKind.Internal);
        activity?.SetTag("model", model);
        activity?.SetTag("version", version);
        return activity;
    }
}
