using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Gateway.Jobs;

/// <summary>
/// Tells a job's <c>callback</c> URL that the job has finished: a POST of its status, signed with
/// <see cref="JobOptions.WebhookSecret"/> (<c>X-Signature-256: sha256={hex HMAC-SHA256 of the body}</c>), tried three
/// times. Only https URLs on hosts in <see cref="JobOptions.WebhookHosts"/> may be called (plain http to loopback), and
/// no redirect is followed, so a client cannot make the gateway reach into the network behind it.
/// </summary>
internal sealed class JobWebhook(IHttpClientFactory clients, IOptionsMonitor<GatewayOptions> options, ILogger<JobWebhook> logger)
{
    public const string HttpClientName = "job-webhook";
    public const string SignatureHeader = "X-Signature-256";

    /// <returns>Why the callback cannot be used, or null when it can (or none was given).</returns>
    public static string? CheckCallback(string? callback, JobOptions options)
    {
        if (callback is null)
        {
            return null;
        }

        if (options.WebhookSecret.Length == 0)
        {
            return "Completion webhooks are turned off on this gateway (no Gateway:Jobs:WebhookSecret).";
        }

        return !Uri.TryCreate(callback, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? "callback must be an absolute https URL (plain http only to this machine)."
            : !options.WebhookHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)
                ? $"callback host '{uri.Host}' is not one this gateway may call (Gateway:Jobs:WebhookHosts)."
                : null;
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task NotifyAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Jobs;
        if (job.Callback is null || CheckCallback(job.Callback, settings) is not null)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(JobStatus.Of(job));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, job.Callback) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add(SignatureHeader, Sign(settings.WebhookSecret, body));
                using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                Log.WebhookFailed(logger, job.Id, $"answered {(int)response.StatusCode}", attempt);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.WebhookFailed(logger, job.Id, e.Message, attempt);
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }
}
