using System.CommandLine;
using System.Runtime.InteropServices;
using Stack.Launch;
using Stack.Topology;

namespace Stack.Serve;

/// <summary>
/// <c>Stack serve</c>: starts the local topology on the ports ./run.sh documents, prints where everything is, and serves
/// until Ctrl+C or SIGTERM, or until a service exits (then it stops the rest and exits 1).
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string> State = new("--state") { Description = "The state folder (control plane, pins, comparisons, tokens).", Required = true };
    private static readonly Option<string> Binaries = new("--binaries") { Description = "The folder holding each service's build output, one lower-case folder per project.", Required = true };
    private static readonly Option<string> Root = new("--root") { Description = "The repository (models/, schemas/). Default: the current folder.", DefaultValueFactory = _ => Environment.CurrentDirectory };
    private static readonly Option<int> Replicas = new("--replicas") { Description = "How many gateways, 1 to 9; more than one share Redis.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> Dashboard = new("--dashboard") { Description = "The Aspire dashboard's executable; without it, no dashboard." };

    public static Command Create()
    {
        var command = new Command("serve", "Start the whole stack on 127.0.0.1 and serve until Ctrl+C.") { State, Binaries, Root, Replicas, Dashboard };
        Replicas.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 9)
            {
                r.AddError("--replicas must be 1 to 9");
            }
        });
        command.SetAction((parse, cancellationToken) => ServeAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var state = Path.GetFullPath(parse.GetValue(State)!);
        var root = Path.GetFullPath(parse.GetValue(Root)!);
        var replicas = parse.GetValue(Replicas);
        Directory.CreateDirectory(state);
        var secrets = StackSecrets.Generate();
        secrets.WriteTo(state);
        var plan = new StackPlan(root, state, StackPlan.BuiltInto(Path.GetFullPath(parse.GetValue(Binaries)!)), replicas, StackPorts.Fixed(replicas), secrets)
        {
            Dashboard = parse.GetValue(Dashboard),
        };

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });
        var echo = new object();
        StackProcesses stack;
        try
        {
            stack = await StackProcesses.StartAsync(LocalTopology.Services(plan), (spec, line) => { lock (echo) { Console.Out.WriteLine($"{spec.Name,-18} | {line}"); } }, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"stack: {e.Message}");
            return 1;
        }

        await using (stack)
        {
            lock (echo)
            {
                Console.Out.WriteLine(StackSummary.Describe(plan));
            }

            var exited = stack.FirstExitAsync();
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            if (stopping.IsCancellationRequested)
            {
                Console.Out.WriteLine("stack: stopping");
                return 0;
            }

            var gone = await exited;
            Console.Error.WriteLine($"stack: {gone.Spec.Name} exited with code {gone.ExitCode}; stopping the rest");
            return 1;
        }
    }
}
