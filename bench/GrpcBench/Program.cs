using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using GrpcBench;
using HdrHistogram;
using Inference.Grpc;

// gRPC ModelInfer against REST infer, through one gateway, side by side: closed loop at a fixed concurrency, every
// request a distinct body from a distinct caller (a trusted key naming a new X-User-Id each time), so every call misses
// the cache and is a new caller for the split. Rounds interleave the clients, in reverse order every other round, after
// a discarded warm-up; each figure is the median over rounds.
//   GrpcBench <gateway url> <grpc url> <api key> <eval.jsonl> <rounds> <seconds> <concurrency>
// Prints a Markdown table: per scenario and client, median requests/s and p50 latency, and the ratio to REST.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: GrpcBench <gateway url> <grpc url> <api key> <eval.jsonl> <rounds> <seconds> <concurrency>");
    return 2;
}

var (rest, grpcUrl, key, evaluation) = (new Uri(args[0]), args[1], args[2], ChurnTensors.Load(args[3]));
var rounds = int.Parse(args[4], CultureInfo.InvariantCulture);
var seconds = TimeSpan.FromSeconds(int.Parse(args[5], CultureInfo.InvariantCulture));
var concurrency = int.Parse(args[6], CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = rest };
using var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false },
    MaxReceiveMessageSize = null,
});
var grpc = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
long next = Random.Shared.Next(1, 1_000_000) * 1_000L;
var type = MediaTypeHeaderValue.Parse("application/json");

Func<Task<bool>> Rest(ChurnTensors tensors) => async () =>
{
    var n = Interlocked.Increment(ref next);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer") { Content = new ByteArrayContent(tensors.Json(n)) };
    request.Content.Headers.ContentType = type;
    request.Headers.Add("X-Api-Key", key);
    request.Headers.Add("X-User-Id", "rest-" + n.ToString(CultureInfo.InvariantCulture));
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    return response.IsSuccessStatusCode;
};

Func<Task<bool>> Grpc(ChurnTensors tensors, bool raw) => async () =>
{
    var n = Interlocked.Increment(ref next);
    var headers = new Metadata { { "x-api-key", key }, { "x-user-id", "grpc-" + n.ToString(CultureInfo.InvariantCulture) } };
    try
    {
        await grpc.ModelInferAsync(tensors.Message(n, raw), headers);
        return true;
    }
    catch (RpcException)
    {
        return false;
    }
};

var scenarios = new (string Name, (string Client, Func<Task<bool>> Call)[] Clients)[]
{
    ("churn, 1 row", [("REST JSON", Rest(new ChurnTensors(evaluation, 1))), ("gRPC typed contents", Grpc(new ChurnTensors(evaluation, 1), raw: false))]),
    ("churn, 1,000 rows (8 tensors of 1,000)", [
        ("REST JSON", Rest(new ChurnTensors(evaluation, 1000))),
        ("gRPC typed contents", Grpc(new ChurnTensors(evaluation, 1000), raw: false)),
        ("gRPC raw contents", Grpc(new ChurnTensors(evaluation, 1000), raw: true))]),
};

Console.WriteLine($"| scenario | client | requests/s (median of {rounds}) | p50 ms (median) | requests/s vs REST | p50 vs REST | errors |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, clients) in scenarios)
{
    foreach (var (_, call) in clients)
    {
        await RunAsync(call, TimeSpan.FromSeconds(3));
    }

    var results = clients.ToDictionary(c => c.Client, _ => new List<Run>());
    for (var round = 0; round < rounds; round++)
    {
        var order = round % 2 == 0 ? clients : [.. clients.Reverse()];
        foreach (var (client, call) in order)
        {
            var run = await RunAsync(call, seconds);
            results[client].Add(run);
            Console.Error.WriteLine($"{name} | {client} | round {round + 1}: {run.Rps:F0} req/s, p50 {run.P50Ms:F2} ms, {run.Errors} errors");
        }
    }

    var restRps = Median(results["REST JSON"].Select(r => r.Rps));
    var restP50 = Median(results["REST JSON"].Select(r => r.P50Ms));
    foreach (var (client, runs) in results)
    {
        var rps = Median(runs.Select(r => r.Rps));
        var p50 = Median(runs.Select(r => r.P50Ms));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {client} | {rps:F0} | {p50:F2} | {rps / restRps:F2} | {p50 / restP50:F2} | {runs.Sum(r => r.Errors)} |"));
    }
}

return 0;

async Task<Run> RunAsync(Func<Task<bool>> call, TimeSpan duration)
{
    var histogram = new LongConcurrentHistogram(1, 60_000_000, 3);
    var errors = 0L;
    var count = 0L;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await call();
            histogram.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds));
            Interlocked.Increment(ref count);
            if (!ok)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    return new Run(count / clock.Elapsed.TotalSeconds, histogram.GetValueAtPercentile(50) / 1000.0, errors);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

internal readonly record struct Run(double Rps, double P50Ms, long Errors);
