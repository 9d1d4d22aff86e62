namespace Stack.Topology;

/// <summary>
/// One process of the stack: what to run, where, with which settings, and how to know it serves. Secrets go in through
/// <see cref="Environment"/> or <see cref="Files"/>, never the command line, where any local user's <c>ps</c> would show them.
/// </summary>
/// <param name="Name">Its name in logs and on the command line (<c>gateway-1</c>, <c>modelhost-canary</c>).</param>
/// <param name="Program">The executable: <c>dotnet</c>, <c>redis-server</c>, or the dashboard's path.</param>
/// <param name="Arguments">Its arguments, settings last.</param>
/// <param name="Environment">Variables set on top of the launcher's own.</param>
/// <param name="WorkingDirectory">Where it runs; a service's build output, so it reads its own appsettings.json.</param>
/// <param name="Ready">Answered with a success when it serves (http), or accepting connections (tcp).</param>
/// <param name="Stage">Services of a stage start together, once every service of the stages before serves.</param>
public sealed record ServiceSpec(
    string Name,
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    Uri Ready,
    int Stage)
{
    /// <summary>Files written (readable by this user only) before it starts: Redis's configuration with its password.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>False for a helper (the dashboard) whose exit does not stop the stack.</summary>
    public bool Watched { get; init; } = true;

    /// <summary>Where its output goes instead of the launcher's, for the noisy ones (Redis, the dashboard).</summary>
    public string? LogFile { get; init; }
}
