using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Gateway.Micro;

// The gateway's in-process costs, with distinct inputs on every call (bench/README.md):
//   dotnet run -c Release --project bench/Gateway.Micro -- --filter '*'
// Results go to artifacts/bench/micro (git ignores artifacts/) unless --artifacts says otherwise.
BenchmarkSwitcher.FromTypes([typeof(TrackAssignmentBenchmarks), typeof(CanonicalHashBenchmarks), typeof(ValidationBenchmarks), typeof(PipelineBenchmarks)])
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine(Repository.Root, "artifacts", "bench", "micro")));
