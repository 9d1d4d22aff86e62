using Gateway.Bench;

// The gateway's in-process micro-benchmarks; bench/canary.sh drives the HTTP side with wrk.
//   assign <flags.json> <calls>   cost of one track assignment: a caller seen before, a new caller, no caller id
//   slow-backend <port> <ms>      a backend answering every predict after <ms>: the slow shadow of bench/shadow.sh
//   allocations <trace> [top]     the types a traced process allocated most (bench/profile.sh)
return args switch
{
    ["slow-backend", var port, var delay] => await SlowBackend.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)),
    ["assign", var flags, var calls] => await AssignmentBenchmark.RunAsync(flags, int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture)),
    ["allocations", var trace] => AllocationReport.Run(trace, 15),
    ["allocations", var trace, var top] => AllocationReport.Run(trace, int.Parse(top, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Gateway.Bench assign <flags.json> <calls> | slow-backend <port> <milliseconds> | allocations <trace.nettrace> [top]");
    return 2;
}
