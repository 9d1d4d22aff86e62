using System.Text.Json.Nodes;

namespace Testing;

/// <summary>
/// The telemetry API of the Aspire dashboard, the local OpenTelemetry viewer ./run.sh starts: what it received, in
/// OTLP's JSON.
/// </summary>
public sealed class DashboardTelemetry(Uri frontend) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = frontend };

    /// <summary>Every span received so far, with its service's name.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> SpansAsync()
    {
        var answer = JsonNode.Parse(await _client.GetStringAsync("/api/telemetry/traces"))!;
        var spans = new List<ReceivedSpan>();
        foreach (var resource in answer["data"]?["resourceSpans"]?.AsArray() ?? [])
        {
            var service = resource?["resource"]?["attributes"]?.AsArray()
                .FirstOrDefault(a => (string?)a?["key"] == "service.name")?["value"]?["stringValue"]?.GetValue<string>() ?? "";
            foreach (var span in (resource?["scopeSpans"]?.AsArray() ?? []).SelectMany(s => s?["spans"]?.AsArray() ?? []))
            {
                spans.Add(new ReceivedSpan(service, (string)span!["traceId"]!, (string)span["name"]!,
                    [.. (span["links"]?.AsArray() ?? []).Select(l => (string)l!["traceId"]!)]));
            }
        }

        return spans;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>One span the dashboard received: its service, trace, name and the traces it links to.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string Name, IReadOnlyList<string> LinkedTraces);
