using Stack.Launch;
using Stack.Topology;

namespace Testing;

/// <summary>
/// The stack ./run.sh serves, from the one topology both use (tools/Stack, <see cref="LocalTopology"/>): every service
/// a process of its own, from its build output beside the tests, on free ports, with fresh secrets and state folder.
/// </summary>
public sealed class StackRun : IAsyncDisposable
{
    private StackRun(StackPlan plan, StackProcesses processes) => (Plan, Processes) = (plan, processes);

    /// <summary>What was started: ports, secrets, state folder.</summary>
    public StackPlan Plan { get; }

    /// <summary>The running processes, by service name.</summary>
    public StackProcesses Processes { get; }

    /// <summary>Starts the stack; <paramref name="flagsJson"/> replaces the shipped flags it starts from, <paramref name="dashboard"/> adds the Aspire dashboard.</summary>
    public static async Task<StackRun> StartAsync(int replicas = 1, string? flagsJson = null, bool dashboard = false)
    {
        var state = Directory.CreateTempSubdirectory("stack-").FullName;
        var plan = new StackPlan(RepositoryPaths.Root, state, Binaries, replicas, StackPorts.Unused(replicas), StackSecrets.Generate())
        {
            Dashboard = dashboard ? DashboardPath() : null,
        };
        if (flagsJson is not null)
        {
            plan = plan with { FlagsFile = Path.Combine(state, "seed-flags.json") };
            await File.WriteAllTextAsync(plan.FlagsFile, flagsJson);
        }

        var processes = await StackProcesses.StartAsync(LocalTopology.Services(plan), (_, _) => { }, CancellationToken.None);
        return new StackRun(plan, processes);
    }

    /// <summary>A client for gateway <paramref name="replica"/>'s public API, sending the stack's trusted API key.</summary>
    public HttpClient Gateway(int replica = 1) =>
        Client(Plan.Ports.Gateways[replica - 1].Public, "X-Api-Key", Plan.Secrets.ApiKey);

    /// <summary>A client for gateway <paramref name="replica"/>'s admin API, with the stack's admin token.</summary>
    public HttpClient Admin(int replica = 1) =>
        Client(Plan.Ports.Gateways[replica - 1].Admin, "Authorization", $"Bearer {Plan.Secrets.AdminToken}");

    /// <summary>A client for ShadowCompare, with the report readers' token.</summary>
    public HttpClient ShadowCompare() => Client(Plan.Ports.Compare, "Authorization", $"Bearer {Plan.Secrets.ReportToken}");

    public async ValueTask DisposeAsync()
    {
        await Processes.DisposeAsync();
        Directory.Delete(Plan.State, recursive: true);
    }

    private static HttpClient Client(int port, string header, string value)
    {
        var client = new HttpClient { BaseAddress = LocalTopology.Url(port), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add(header, value);
        return client;
    }

    private static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string Binaries(string project) => Path.Combine(RepositoryPaths.Root, "src", project, "bin", Configuration, "net10.0");

    // tools/Dashboard's build writes where NuGet put the dashboard.
    private static string DashboardPath() =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tools", "Dashboard", "bin", Configuration, "net10.0", "dashboard-path")).Trim();
}
