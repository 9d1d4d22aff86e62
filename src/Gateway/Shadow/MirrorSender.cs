using System.Net;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Shadow;

/// <summary>
/// Sends queued mirror records to ShadowCompare (<c>POST /v1/mirror</c>) in batches, from its own HttpClient, with a
/// timeout and a cap on calls at once. A batch whose post fails is counted as dropped here and never retried into a
/// growing backlog; its id goes with a later post, and ShadowCompare counts it dropped only if it never stored it (a
/// timed-out post may have been stored), so every record is counted once. On a clean stop what is queued gets one last send.
/// </summary>
internal sealed class MirrorSender(
    MirrorQueue queue, IHttpClientFactory httpClients, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics, ILogger<MirrorSender> logger) : BackgroundService
{
    public const string HttpClientName = "shadowcompare";
    private static readonly TimeSpan LastSendBudget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan IdleReport = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.CurrentValue.Shadow.CompareUrl.Length == 0)
        {
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, options.CurrentValue.Shadow.MaxConcurrentSends).Select(_ => SendLoopAsync(stoppingToken)));

        // Stopping: whatever is still queued gets one send, under a short budget.
        using var last = new CancellationTokenSource(LastSendBudget);
        var rest = new List<MirrorRecord>();
        while (queue.Reader.TryRead(out var record))
        {
            rest.Add(record);
        }

        if (rest.Count > 0)
        {
            await SendAsync(rest, last.Token);
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<MirrorRecord>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Records, or a second without any: then drops not yet reported still go (in an empty batch), so
                // ShadowCompare's counts reconcile even when the last thing that happened was a drop.
                if (await WaitForRecordsAsync(stoppingToken))
                {
                    await FillAsync(batch, stoppingToken);
                }

                if (batch.Count > 0 || queue.HasUnreportedDrops)
                {
                    await SendAsync(batch, stoppingToken);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (batch.Count > 0)
            {
                using var last = new CancellationTokenSource(LastSendBudget);
                await SendAsync(batch, last.Token);
            }
        }
    }

    private async Task<bool> WaitForRecordsAsync(CancellationToken stoppingToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        idle.CancelAfter(IdleReport);
        try
        {
            return await queue.Reader.WaitToReadAsync(idle.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // Takes what is queued, waiting up to FlushMilliseconds for a fuller batch.
    private async Task FillAsync(List<MirrorRecord> batch, CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue.Shadow;
        using var fill = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        fill.CancelAfter(settings.FlushMilliseconds);
        try
        {
            do
            {
                while (batch.Count < settings.BatchSize && queue.Reader.TryRead(out var record))
                {
                    batch.Add(record);
                }
            }
            while (batch.Count < settings.BatchSize && await queue.Reader.WaitToReadAsync(fill.Token));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(List<MirrorRecord> batch, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Shadow;
        var drops = queue.TakeUnreportedDrops();
        var unconfirmed = queue.TakeUnconfirmed();
        var batchId = Guid.NewGuid().ToString("N");
        var (body, sent) = MirrorBatchWriter.Write(batchId, batch, drops, unconfirmed, queue);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.TimeoutMilliseconds);
        string? failure;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.CompareUrl.TrimEnd('/') + "/"), "v1/mirror"))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
            };
            request.Headers.Authorization = new("Bearer", settings.CompareToken);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            failure = response.IsSuccessStatusCode ? null
                : response.StatusCode == HttpStatusCode.ServiceUnavailable ? DropReasons.CompareBusy : DropReasons.SendFailed;
        }
        catch (OperationCanceledException)
        {
            failure = DropReasons.Timeout;
        }
        catch (HttpRequestException)
        {
            failure = DropReasons.SendFailed;
        }

        if (failure is null)
        {
            metrics.RecordMirrorSent(sent.Count);
            return;
        }

        queue.ReturnUnreportedDrops(drops);
        queue.ReturnUnconfirmed(unconfirmed);
        if (sent.Count > 0)
        {
            queue.Unconfirmed(batchId, failure, sent);
        }

        Log.SendFailed(logger, sent.Count, failure);
    }
}
