using System.Diagnostics;
using ModelHost.Inference;

namespace ModelHost.Bench;

/// <summary>
/// What batching saves inside ONNX Runtime alone, with no HTTP: the cost per row of <c>rows</c> one-row runs
/// against one run of <c>rows</c> rows, on the same session. It bounds what batching can win end to end.
/// </summary>
internal static class BatchAmortizationBenchmark
{
    public static int Run(string modelPath, int rows, int seconds, int intraOpThreads)
    {
        using var options = SessionOptionsFactory.Create(intraOpThreads);
        using var session = new ModelSession(File.ReadAllBytes(modelPath), options);
        var single = Inputs(session, 1);
        var batch = Inputs(session, rows);

        var perRowSingle = MicrosecondsPerRow(() => session.Run(single, session.Outputs), 1, seconds);
        var perRowBatched = MicrosecondsPerRow(() => session.Run(batch, session.Outputs), rows, seconds);
        Console.WriteLine($"RESULT single_us_per_row={perRowSingle:F2} batched_us_per_row={perRowBatched:F2} rows={rows} ratio={perRowSingle / perRowBatched:F1}");
        return 0;
    }

    private static double MicrosecondsPerRow(Action run, int rowsPerRun, int seconds)
    {
        for (var i = 0; i < 200; i++)
        {
            run();
        }

        var runs = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            run();
            runs++;
        }

        return clock.Elapsed.TotalMicroseconds / (runs * rowsPerRun);
    }

    // Plausible values per datatype; the cost of a run does not depend on them.
    private static NamedTensor[] Inputs(ModelSession session, int rows) =>
    [
        .. session.Inputs.Select(spec =>
        {
            var shape = spec.Shape.Select((d, i) => i == 0 ? rows : Math.Max(d, 1)).ToArray();
            var data = spec.Datatype.Allocate((int)shape.Aggregate(1L, (a, b) => a * b));
            switch (data)
            {
                case string[] strings: Array.Fill(strings, "month-to-month"); break;
                case float[] floats: Array.Fill(floats, 12f); break;
                case bool[] flags: Array.Fill(flags, true); break;
            }

            return new NamedTensor(spec.Name, spec.Datatype, shape, data);
        }),
    ];
}
