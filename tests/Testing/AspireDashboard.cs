using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Testing;

/// <summary>
/// The Aspire dashboard, the local OpenTelemetry viewer ./run.sh starts, as a process on 127.0.0.1: it receives OTLP
/// over gRPC, and its telemetry API answers what it received, in OTLP's JSON.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    private readonly Process _process;

    private AspireDashboard(Process process, Uri frontend, Uri otlp) => (_process, Frontend, Otlp, Client) = (process, frontend, otlp, new HttpClient { BaseAddress = frontend });

    /// <summary>Where people open it.</summary>
    public Uri Frontend { get; }

    /// <summary>Where services send telemetry (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public Uri Otlp { get; }

    private HttpClient Client { get; }

    /// <summary>Starts the dashboard fetched by tools/Dashboard's build (same configuration as the tests).</summary>
    public static async Task<AspireDashboard> StartAsync()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tools", "Dashboard", "bin", configuration, "net10.0", "dashboard-path")).Trim();
        var (frontend, otlp) = (new Uri($"http://127.0.0.1:{LoopbackPorts.Unused()}"), new Uri($"http://127.0.0.1:{LoopbackPorts.Unused()}"));
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = frontend.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = otlp.ToString();
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new AspireDashboard(process, frontend, otlp);
        try
        {
            await WaitUntilListeningAsync(dashboard, path);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    private static Task WaitUntilListeningAsync(AspireDashboard dashboard, string path) =>
        Readiness.UntilAsync(async () =>
        {
            if (dashboard._process.HasExited)
            {
                throw new InvalidOperationException($"The dashboard ({path}) exited with code {dashboard._process.ExitCode}.");
            }

            try
            {
                using var answer = await dashboard.Client.GetAsync("/api/telemetry/resources");
                return answer.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the dashboard to listen");

    /// <summary>Every span received so far, with its service's name.</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> SpansAsync()
    {
        var answer = JsonNode.Parse(await Client.GetStringAsync("/api/telemetry/traces"))!;
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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>One span the dashboard received: its service, trace, name and the traces it links to.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string Name, IReadOnlyList<string> LinkedTraces);
