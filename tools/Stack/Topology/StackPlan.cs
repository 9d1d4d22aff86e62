namespace Stack.Topology;

/// <summary>What one stack is made of, chosen by whoever starts it: ./run.sh, a test, a benchmark.</summary>
/// <param name="Root">The repository: its models/, schemas/ and src/Gateway/flags.json.</param>
/// <param name="State">The state folder: the local control plane, pins, comparisons, Redis's files, the tokens, logs.</param>
/// <param name="Binaries">A service's project name (<c>ModelHost</c>) to the folder holding its build output.</param>
/// <param name="Replicas">How many gateways; more than one share Redis as control plane and cache, with a second stable ModelHost.</param>
/// <param name="Ports">Where everything listens.</param>
/// <param name="Secrets">The run's credentials.</param>
public sealed record StackPlan(string Root, string State, Func<string, string> Binaries, int Replicas, StackPorts Ports, StackSecrets Secrets)
{
    /// <summary>The Aspire dashboard's executable, or null to run without it; when set, every service sends it OTLP.</summary>
    public string? Dashboard { get; init; }

    /// <summary>The flags the control plane starts from on a first run (canary and shadow shares).</summary>
    public string FlagsFile { get; init; } = Path.Combine(Root, "src", "Gateway", "flags.json");

    /// <summary>The versioned model store every ModelHost and ShadowCompare read.</summary>
    public string Store => Path.Combine(Root, "models");

    /// <summary>Whether Redis is the shared control plane and cache (more than one gateway).</summary>
    public bool Shared => Replicas > 1;

    /// <summary>Where ./run.sh puts each service's build output: a lower-case folder per project in <paramref name="folder"/>.</summary>
    public static Func<string, string> BuiltInto(string folder) => project => Path.Combine(folder, project.ToLowerInvariant());
}
