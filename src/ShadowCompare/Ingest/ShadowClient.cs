using System.Diagnostics;
using System.Text;
using ShadowCompare.Storage;

namespace ShadowCompare.Ingest;

/// <summary>
/// Calls one model version over HTTP with a request's input: <c>:predict</c> or <c>infer</c> as the original call was,
/// with <c>X-Shadow: 1</c> so the host can tell shadow traffic apart, under a timeout. Failures are values.
/// </summary>
internal sealed class ShadowClient(HttpClient http)
{
    public const string ShadowHeader = "X-Shadow";

    /// <summary>What a call returned: the answer and its version, or why there is none.</summary>
    public sealed record Answer(bool Succeeded, string Output, string Version, double LatencyMilliseconds, string FailureReason, string FailureDetail);

    public async Task<Answer> CallAsync(Uri baseUrl, string model, string api, string input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = api == "oip" ? $"v2/models/{Uri.EscapeDataString(model)}/infer" : $"v1/models/{Uri.EscapeDataString(model)}:predict";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path))
        {
            Content = new StringContent(input, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ShadowHeader, "1");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var output = await response.Content.ReadAsStringAsync(deadline.Token);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var version = response.Headers.TryGetValues("X-Model-Version", out var values) ? values.First() : "";
            return response.IsSuccessStatusCode
                ? new Answer(true, output, version, latency, "", "")
                : new Answer(false, output, version, latency, FailureReasons.ShadowError, $"{(int)response.StatusCode}: {Truncate(output)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(false, "", "", Stopwatch.GetElapsedTime(started).TotalMilliseconds, FailureReasons.Timeout, $"no answer within {timeout.TotalMilliseconds} ms");
        }
        catch (HttpRequestException e)
        {
            return new Answer(false, "", "", Stopwatch.GetElapsedTime(started).TotalMilliseconds, FailureReasons.Unreachable, e.Message);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
