using Microsoft.Extensions.Options;

namespace Gateway;

/// <summary>Checks <see cref="GatewayOptions"/> against itself and the <c>ReverseProxy</c> clusters, reporting every bad key at once.</summary>
internal sealed class GatewayOptionsValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        const string S = GatewayConfig.Section;
        var errors = new List<string>();
        Range(errors, $"{S}:MaxRequestBodyBytes", options.MaxRequestBodyBytes, 1024, 256L * 1024 * 1024);
        Range(errors, $"{S}:VersionPollSeconds", options.VersionPollSeconds, 1, 3600);
        Range(errors, $"{S}:Cache:TimeoutMilliseconds", options.Cache.TimeoutMilliseconds, 1, 5000);
        Range(errors, $"{S}:Cache:BackoffMilliseconds", options.Cache.BackoffMilliseconds, 0, 60000);
        Range(errors, $"{S}:Access:AnonymousPermitsPerSecond", options.Access.AnonymousPermitsPerSecond, 0, 1_000_000);
        foreach (var (caller, key) in options.Access.ApiKeys)
        {
            if (key.Key.Length < 16)
            {
                errors.Add($"{S}:Access:ApiKeys:{caller}:Key must be at least 16 characters.");
            }

            Range(errors, $"{S}:Access:ApiKeys:{caller}:PermitsPerSecond", key.PermitsPerSecond, 0, 1_000_000);
            Range(errors, $"{S}:Access:ApiKeys:{caller}:Burst", key.Burst, 0, 1_000_000);
        }

        if (options.Models.Count == 0)
        {
            errors.Add($"{S}:Models names no model to serve.");
        }

        var clusters = configuration.GetSection("ReverseProxy:Clusters").GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, route) in options.Models)
        {
            if (!clusters.Contains(route.StableCluster))
            {
                errors.Add($"{S}:Models:{model}:StableCluster is '{route.StableCluster}', which is not a cluster under ReverseProxy:Clusters.");
            }

            Range(errors, $"{S}:Models:{model}:CacheTtlSeconds", route.CacheTtlSeconds, 0, 86400);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}: it must be from {min} to {max}.");
        }
    }
}
