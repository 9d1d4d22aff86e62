using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HdrHistogram;

namespace LoadGen;

/// <summary>What one open-loop run sends: POSTs of <paramref name="Bodies"/> in turn to <paramref name="Url"/>, <paramref name="Rate"/> times a second.</summary>
internal sealed record OpenLoopSettings(Uri Url, IReadOnlyList<byte[]> Bodies, int Rate, TimeSpan Duration, string ContentType);

/// <summary>
/// What one run measured. Latencies are in microseconds from each request's scheduled start; ErrorKinds says how many
/// of the errors were each HTTP status or exception, as <c>502:1,HttpRequestException:2</c>.
/// </summary>
internal sealed record OpenLoopResult(double Rps, long P50, long P99, long P999, long Max, long Errors, long Sent, int Rate, string ErrorKinds)
{
    public string ToResultLine() => string.Create(CultureInfo.InvariantCulture,
        $"RESULT rps={Rps:F1} p50_us={P50} p99_us={P99} p999_us={P999} max_us={Max} errors={Errors} sent={Sent} rate={Rate} error_kinds={(ErrorKinds.Length == 0 ? "none" : ErrorKinds)}");
}

/// <summary>Sends on a fixed schedule from one timing thread; answers are awaited on the thread pool.</summary>
internal static class OpenLoop
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sent at the rate but not recorded: connections opening and the thread pool growing are not the server's latency.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <param name="settings">What to send.</param>
    /// <param name="latencyFile">Where to write every recorded latency (µs), one per line; null for nowhere.</param>
    public static async Task<OpenLoopResult> RunAsync(OpenLoopSettings settings, string? latencyFile = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        { Timeout = RequestTimeout };
        var histogram = new LongConcurrentHistogram(1, (long)RequestTimeout.TotalMicroseconds * 2, 3);
        var errors = 0L;
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var warmUp = (long)(settings.Rate * WarmUp.TotalSeconds);
        var total = warmUp + (long)(settings.Rate * settings.Duration.TotalSeconds);
        var pending = new List<Task>((int)Math.Min(total, 1_000_000));
        var period = Stopwatch.Frequency / (double)settings.Rate;
        var contentType = MediaTypeHeaderValue.Parse(settings.ContentType);
        var latencies = latencyFile is null ? null : new System.Collections.Concurrent.ConcurrentQueue<long>();

        async Task SendAsync(long due, bool recorded, byte[] body)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = contentType;
                using var response = await client.PostAsync(settings.Url, content).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode && recorded)
                {
                    Interlocked.Increment(ref errors);
                    kinds.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                }
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException or IOException) && recorded)
            {
                Interlocked.Increment(ref errors);
                kinds.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
            }

            if (recorded)
            {
                var latency = Math.Max(1, (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds);
                histogram.RecordValue(latency);
                latencies?.Enqueue(latency);
            }
        }

        ThreadPool.SetMinThreads(64, 64);
        var start = Stopwatch.GetTimestamp();
        var schedule = new Thread(() =>
        {
            PreciseSleep.Prepare();
            for (var i = 0L; i < total; i++)
            {
                var due = start + (long)(i * period);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    PreciseSleep.For(wait); // wakes late rather than early: the oversleep counts as latency, never against it
                }

                var recorded = i >= warmUp;
                var body = settings.Bodies[(int)(i % settings.Bodies.Count)];
                pending.Add(Task.Run(() => SendAsync(due, recorded, body)));
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "schedule" };
        schedule.Start();
        schedule.Join();
        await Task.WhenAll(pending).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start) - WarmUp;
        if (latencies is not null)
        {
            await File.WriteAllLinesAsync(latencyFile!, latencies.Select(l => l.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }

        return new OpenLoopResult(
            histogram.TotalCount / elapsed.TotalSeconds,
            histogram.GetValueAtPercentile(50),
            histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9),
            histogram.GetMaxValue(),
            errors,
            total - warmUp,
            settings.Rate,
            string.Join(',', kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}:{k.Value}")));
    }
}
