using System.Diagnostics;

namespace ShadowCompare.Telemetry;

/// <summary>
/// ShadowCompare's spans: one per mirrored request compared, a root of its own (the request was answered long before)
/// linked to the request's span when the gateway sent its trace context, so a trace viewer goes from a request to its
/// comparison. The calls to the shadows are its children.
/// </summary>
internal static class ShadowCompareActivitySource
{
    private static readonly ActivitySource Source = new(ShadowCompareServiceCollectionExtensions.InstrumentationName);

    public static Activity? StartComparison(string model, string requestId, string? traceParent)
    {
        ActivityLink[] links = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var request) ? [new ActivityLink(request)] : [];
        var activity = Source.StartActivity(ActivityKind.Consumer, parentContext: default, links: links, name: "compare " + model);
        activity?.SetTag("model", model);
        activity?.SetTag("request_id", requestId);
        return activity;
    }
}
