using System.Globalization;
using LoadGen;

// An open-loop load generator: requests leave at a fixed rate whether or not earlier ones have been answered, and each
// latency is measured from the moment its request was due to leave, not from when it actually left. A closed-loop tool
// (wrk) waits for an answer before it sends again, so a stalled server also stalls the load, and the requests that
// would have queued are never counted (coordinated omission); here they are.
//   LoadGen <url> <body file> <rate per second> <seconds> [content type]
//   LoadGen sequential <url> <body file> <count>   one request at a time instead (Sequential.cs)
// A body file of several lines is JSON Lines: request i sends line i modulo their count (distinct bodies miss a cache).
// The first 2 seconds are sent at the rate but not recorded (connections opening). Prints one line: RESULT rps=… p50_us=… p99_us=… p999_us=… max_us=… errors=… sent=… rate=… error_kinds=…
// With LOADGEN_LATENCIES=<file> set, every recorded latency (µs) is also written to that file, one per line, so runs
// can be pooled (bench/shadow-ab.sh): a p99 over several windows is not the mean of their p99s.
if (args is ["sequential", var target, var file, var count])
{
    Console.WriteLine(await Sequential.RunAsync(new Uri(target), await Bodies.ReadAsync(file), int.Parse(count, CultureInfo.InvariantCulture), "application/json"));
    return 0;
}

if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: LoadGen <url> <body file> <rate per second> <seconds> [content type]");
    return 2;
}

var settings = new OpenLoopSettings(
    new Uri(args[0]),
    await Bodies.ReadAsync(args[1]),
    int.Parse(args[2], CultureInfo.InvariantCulture),
    TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture)),
    args.Length == 5 ? args[4] : "application/json");
var latencyFile = Environment.GetEnvironmentVariable("LOADGEN_LATENCIES");
var result = await OpenLoop.RunAsync(settings, string.IsNullOrEmpty(latencyFile) ? null : latencyFile);
Console.WriteLine(result.ToResultLine());
return 0;
