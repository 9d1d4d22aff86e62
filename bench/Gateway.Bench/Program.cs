using Gateway.Bench;

// Helpers for the gateway's load benchmarks (its in-process costs are BenchmarkDotNet's, in bench/Gateway.Micro):
//   slow-backend <port> <ms>      a backend answering every predict after <ms>: the slow shadow of bench/shadow.sh
//   allocations <trace> [top]     the types a traced process allocated most (bench/profile.sh)
return args switch
{
    ["slow-backend", var port, var delay] => await SlowBackend.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)),
    ["allocations", var trace] => AllocationReport.Run(trace, 15),
    ["allocations", var trace, var top] => AllocationReport.Run(trace, int.Parse(top, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Gateway.Bench slow-backend <port> <milliseconds> | allocations <trace.nettrace> [top]");
    return 2;
}
