using Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Gateway;

/// <summary>
/// Stops the process at start-up on invalid settings (naming every bad key) or a missing or broken schema or flags file
/// (naming the file). Done here rather than by the options pipeline, which would throw from every read after a bad
/// reload; a reload that fails the same check is ignored instead (<see cref="LastGoodOptionsMonitor{TOptions}"/>).
/// </summary>
internal sealed class GatewayStartupCheck(IOptions<GatewayOptions> options, GatewayOptionsValidator validator, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(options.Value, validator, services);
        return Task.CompletedTask;
    }

    /// <summary>Runs the checks before the host starts (Program.cs), so <see cref="ServiceHost"/> reports a bad setting as one line per key.</summary>
    public static void Check(IServiceProvider services) =>
        Check(services.GetRequiredService<IOptions<GatewayOptions>>().Value, services.GetRequiredService<GatewayOptionsValidator>(), services);

    private static void Check(GatewayOptions options, GatewayOptionsValidator validator, IServiceProvider services)
    {
        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(GatewayConfig.Section, typeof(GatewayOptions), result.Failures);
        }

        services.GetRequiredService<SchemaRegistry>();
        services.GetRequiredService<Flags.CanaryFlags>();
        services.GetRequiredService<Flags.CanaryShareGauges>();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
