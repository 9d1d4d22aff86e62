using Stack.Topology;

namespace Stack.Launch;

/// <summary>
/// A stack's processes, started stage by stage (a stage once every service of the ones before serves) and stopped
/// together, newest first, each asked with SIGTERM before it is killed.
/// </summary>
public sealed class StackProcesses : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);
    private readonly List<RunningService> _services = [];

    private StackProcesses()
    {
    }

    /// <summary>Every started service, in start order.</summary>
    public IReadOnlyList<RunningService> Services => _services;

    /// <summary>The service named <paramref name="name"/>.</summary>
    public RunningService this[string name] => _services.Single(s => s.Spec.Name == name);

    /// <summary>
    /// Starts <paramref name="services"/> and returns once every one serves; <paramref name="echo"/> gets each line a
    /// service writes (except those that log to a file). If one fails to start, the others are stopped and it throws.
    /// </summary>
    public static async Task<StackProcesses> StartAsync(IReadOnlyList<ServiceSpec> services, Action<ServiceSpec, string> echo, CancellationToken cancellationToken)
    {
        var stack = new StackProcesses();
        try
        {
            foreach (var stage in services.GroupBy(s => s.Stage).OrderBy(g => g.Key))
            {
                var started = stage.Select(spec => RunningService.Start(spec, echo)).ToList();
                stack._services.AddRange(started);
                await Task.WhenAll(started.Select(s => s.WaitUntilReadyAsync(ReadyWithin, cancellationToken)));
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes with the first watched service to exit.</summary>
    public async Task<RunningService> FirstExitAsync()
    {
        var watched = _services.Where(s => s.Spec.Watched).ToList();
        var first = await Task.WhenAny(watched.Select(s => s.Exited));
        return watched.First(s => s.Exited == first);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // Newest first, so gateways stop before what they call; each stage's services at once.
        foreach (var stage in _services.GroupBy(s => s.Spec.Stage).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(stage.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
