using Gateway.Bench;

// The gateway's in-process micro-benchmarks; bench/canary.sh drives the HTTP side with wrk.
//   assign <flags.json> <calls>   cost of one track assignment: a caller seen before, a new caller, no caller id
return args switch
{
    ["assign", var flags, var calls] => await AssignmentBenchmark.RunAsync(flags, int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Gateway.Bench assign <flags.json> <calls>");
    return 2;
}
