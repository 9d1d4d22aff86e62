using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using ModelHost.Inference;

namespace ModelHost.Bench;

/// <summary>
/// The limit ModelHost's HTTP path is held against: the same model, session options and input, run by
/// N threads in this process for a fixed time, with no HTTP and no JSON.
/// </summary>
internal static class InProcessBenchmark
{
    public static int Run(string modelPath, int concurrency, int seconds, int intraOpThreads)
    {
        using var options = SessionOptionsFactory.Create(intraOpThreads);
        using var session = new InferenceSession(modelPath, options);
        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.Keys.First();
        var pixels = Bodies.Pixels();
        var shape = input.Value.Dimensions.Select(d => (long)Math.Max(d, 1)).ToArray();
        using var runOptions = new RunOptions();

        void RunOnce()
        {
            using var value = OrtValue.CreateTensorValueFromMemory(pixels, shape);
            using var results = session.Run(runOptions, [input.Key], [value], [output]);
            _ = results[0].GetTensorDataAsSpan<float>()[0];
        }

        for (var i = 0; i < 5; i++)
        {
            RunOnce();
        }

        var latencies = new List<double>[concurrency];
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, concurrency).Select(t =>
        {
            latencies[t] = [];
            var thread = new Thread(() =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var start = Stopwatch.GetTimestamp();
                    RunOnce();
                    latencies[t].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            });
            thread.Start();
            return thread;
        }).ToList();
        threads.ForEach(t => t.Join());

        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"RESULT rps={all.Length / (double)seconds:F1} p50_us={all[all.Length / 2]:F0} p99_us={all[(int)(all.Length * 0.99)]:F0} errors=0");
        return 0;
    }
}
