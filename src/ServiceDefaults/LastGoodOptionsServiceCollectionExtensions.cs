using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers <see cref="LastGoodOptionsMonitor{TOptions}"/> as a settings type's monitor.</summary>
public static class LastGoodOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Makes every <see cref="IOptionsMonitor{TOptions}"/> of <typeparamref name="TOptions"/> keep the last settings that
    /// <typeparamref name="TValidator"/> (registered here as a singleton) passes. Checking the first settings at start
    /// stays the service's own (so a bad one stops it).
    /// </summary>
    /// <typeparam name="TOptions">The settings.</typeparam>
    /// <typeparam name="TValidator">What a reload must pass.</typeparam>
    /// <param name="services">The service's registrations.</param>
    public static IServiceCollection AddLastGoodOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<TValidator>();
        services.AddSingleton<IOptionsMonitor<TOptions>>(sp => new LastGoodOptionsMonitor<TOptions>(
            new OptionsMonitor<TOptions>(sp.GetRequiredService<IOptionsFactory<TOptions>>(), sp.GetServices<IOptionsChangeTokenSource<TOptions>>(),
                sp.GetRequiredService<IOptionsMonitorCache<TOptions>>()),
            sp.GetRequiredService<TValidator>(),
            sp.GetRequiredService<ILogger<LastGoodOptionsMonitor<TOptions>>>()));
        return services;
    }
}
