using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Runs a service so that a bad setting stops it with one line per error naming the key, on standard error, and exit
/// code 78 (EX_CONFIG), never an unhandled-exception stack trace. Anything else still fails loudly.
/// </summary>
public static class ServiceHost
{
    /// <summary>The exit code of a process stopped by its settings (sysexits' EX_CONFIG).</summary>
    public const int ConfigurationExitCode = 78;

    /// <param name="service">The service's name, first on every line.</param>
    /// <param name="run">Builds, checks (<see cref="Preflight"/>) and runs the service.</param>
    /// <returns>0 when it ran and stopped, <see cref="ConfigurationExitCode"/> when its settings stopped it.</returns>
    public static async Task<int> RunAsync(string service, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (Explain(e) is { Count: > 0 } errors)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"{service}: {error}");
            }

            await Console.Error.WriteLineAsync($"{service}: not started: fix the settings above (appsettings.json, environment variables or command-line arguments).");
            return ConfigurationExitCode;
        }
    }

    /// <summary>
    /// Validates every option registered with <c>ValidateOnStart</c> before the host starts, so a bad one is reported
    /// by <see cref="RunAsync"/> rather than logged by the host with its stack trace.
    /// </summary>
    public static void Preflight(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    private static List<string> Explain(Exception e) => e switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        ConfigurationException configuration => [configuration.Message],
        AggregateException many when many.InnerExceptions.All(i => Explain(i).Count > 0) => [.. many.InnerExceptions.SelectMany(Explain)],
        _ => [],
    };
}
