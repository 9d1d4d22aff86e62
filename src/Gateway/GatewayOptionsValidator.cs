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
        Range(errors, $"{S}:RolloutTimeoutSeconds", options.RolloutTimeoutSeconds, 5, 3600);
        Range(errors, $"{S}:Cache:TimeoutMilliseconds", options.Cache.TimeoutMilliseconds, 1, 5000);
        Range(errors, $"{S}:Cache:BackoffMilliseconds", options.Cache.BackoffMilliseconds, 0, 60000);
        Range(errors, $"{S}:Cache:MemoryLimitBytes", options.Cache.MemoryLimitBytes, 1L << 20, 16L << 30);
        var jobs = options.Jobs;
        Range(errors, $"{S}:Jobs:MaxDatasetBytes", jobs.MaxDatasetBytes, 1024, 16L << 30);
        Range(errors, $"{S}:Jobs:MaxRows", jobs.MaxRows, 1, 100_000_000);
        Range(errors, $"{S}:Jobs:MaxActiveJobsPerCaller", jobs.MaxActiveJobsPerCaller, 1, 1000);
        Range(errors, $"{S}:Jobs:BatchSize", jobs.BatchSize, 1, 10_000);
        Range(errors, $"{S}:Jobs:YieldAtOnlineCalls", jobs.YieldAtOnlineCalls, 1, 100_000);
        Range(errors, $"{S}:Jobs:RetentionHours", jobs.RetentionHours, 1, 87_600);
        Fraction(errors, $"{S}:Jobs:PauseFactor", jobs.PauseFactor, 0, 100);
        Range(errors, $"{S}:Jobs:BatchSizeWhileOnline", jobs.BatchSizeWhileOnline, 1, 10_000);
        if (jobs.WebhookSecret.Length is > 0 and < 32)
        {
            errors.Add($"{S}:Jobs:WebhookSecret must be at least 32 characters.");
        }
        Fraction(errors, $"{S}:ResponseCheckShare", options.ResponseCheckShare, 0, 1);
        Range(errors, $"{S}:Access:AnonymousPermitsPerSecond", options.Access.AnonymousPermitsPerSecond, 0, 1_000_000);
        if (options.Cache.SigningKey is { Length: > 0 and < 32 })
        {
            errors.Add($"{S}:Cache:SigningKey must be at least 32 characters.");
        }
        else if (string.IsNullOrEmpty(options.Cache.SigningKey) && !string.IsNullOrWhiteSpace(configuration.GetConnectionString(GatewayConfig.RedisConnectionName)))
        {
            errors.Add($"{S}:Cache:SigningKey is required with ConnectionStrings:{GatewayConfig.RedisConnectionName}: every replica that shares the cache seals and checks its entries with it.");
        }

        if (options.AdminToken.Length is > 0 and < 16)
        {
            errors.Add($"{S}:AdminToken must be at least 16 characters.");
        }

        foreach (var (actor, token) in options.AdminTokens.Where(t => t.Value.Length < 16))
        {
            errors.Add($"{S}:AdminTokens:{actor} must be at least 16 characters.");
        }

        var analysis = options.Canary.Analysis;
        Range(errors, $"{S}:Canary:Analysis:WindowSeconds", analysis.WindowSeconds, 5, 3600);
        Range(errors, $"{S}:Canary:Analysis:IntervalMilliseconds", analysis.IntervalMilliseconds, 50, 60000);
        Range(errors, $"{S}:Canary:Analysis:MinimumRequests", analysis.MinimumRequests, 1, 1_000_000);
        Range(errors, $"{S}:Canary:Analysis:MaxCallsPerCaller", analysis.MaxCallsPerCaller, 0, 1_000_000);
        Range(errors, $"{S}:Canary:Analysis:MaxCallsPerCallerPerRun", analysis.MaxCallsPerCallerPerRun, 0, 1_000_000);
        Range(errors, $"{S}:Canary:Analysis:MinLatencyIncreaseMilliseconds", analysis.MinLatencyIncreaseMilliseconds, 0, 600_000);
        Fraction(errors, $"{S}:Canary:Analysis:Alpha", analysis.Alpha, 1e-9, 0.5);
        Fraction(errors, $"{S}:Canary:Analysis:MinErrorRateIncrease", analysis.MinErrorRateIncrease, 0, 1);
        Fraction(errors, $"{S}:Canary:Analysis:MinLatencyIncrease", analysis.MinLatencyIncrease, 0, 100);
        Fraction(errors, $"{S}:Canary:Analysis:MinLatencyEffect", analysis.MinLatencyEffect, 0.5, 1);
        Fraction(errors, $"{S}:BackendHealth:FailureRateLimit", options.BackendHealth.FailureRateLimit, double.Epsilon, 1);
        Range(errors, $"{S}:BackendHealth:MinimumRequests", options.BackendHealth.MinimumRequests, 1, 1_000_000);
        Range(errors, $"{S}:BackendHealth:WindowSeconds", options.BackendHealth.WindowSeconds, 1, 3600);
        var shadow = options.Shadow;
        if (shadow.CompareUrl.Length > 0 && (!Uri.TryCreate(shadow.CompareUrl, UriKind.Absolute, out var compare) || compare.Scheme is not ("http" or "https")))
        {
            errors.Add($"{S}:Shadow:CompareUrl is '{shadow.CompareUrl}', not an absolute http(s) URL.");
        }

        if (shadow.CompareUrl.Length > 0 && shadow.CompareToken.Length < 16)
        {
            errors.Add($"{S}:Shadow:CompareToken must be set (at least 16 characters) with {S}:Shadow:CompareUrl: ShadowCompare takes records only from a gateway with its token.");
        }

        Range(errors, $"{S}:Shadow:QueueCapacity", shadow.QueueCapacity, 1, 10_000_000);
        Range(errors, $"{S}:Shadow:BatchSize", shadow.BatchSize, 1, 10_000);
        Range(errors, $"{S}:Shadow:FlushMilliseconds", shadow.FlushMilliseconds, 0, 60_000);
        Range(errors, $"{S}:Shadow:TimeoutMilliseconds", shadow.TimeoutMilliseconds, 1, 600_000);
        Range(errors, $"{S}:Shadow:MaxConcurrentSends", shadow.MaxConcurrentSends, 1, 64);
        foreach (var proxy in options.Access.TrustedProxies.Where(p => !Access.TrustedProxiesServiceCollectionExtensions.IsValid(p)))
        {
            errors.Add($"{S}:Access:TrustedProxies has '{proxy}', which is neither an IP address nor a network like 10.0.0.0/8.");
        }

        foreach (var address in options.Canary.SharedAddresses.Where(a => !System.Net.IPAddress.TryParse(a, out _)))
        {
            errors.Add($"{S}:Canary:SharedAddresses has '{address}', which is not an IP address.");
        }

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

            if (route.CanaryCluster.Length > 0 && !clusters.Contains(route.CanaryCluster))
            {
                errors.Add($"{S}:Models:{model}:CanaryCluster is '{route.CanaryCluster}', which is not a cluster under ReverseProxy:Clusters.");
            }

            if (route.CanaryCluster.Length > 0 && string.Equals(route.CanaryCluster, route.StableCluster, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{S}:Models:{model}:CanaryCluster must differ from its StableCluster.");
            }

            Range(errors, $"{S}:Models:{model}:CacheTtlSeconds", route.CacheTtlSeconds, 0, 86400);
            Versioning.ApiVersionRules.Check(errors, $"{S}:Models:{model}:ApiVersions", route.ApiVersions);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Fraction(List<string> errors, string key, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            errors.Add($"{key} is {value}: it must be from {min} to {max}.");
        }
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}: it must be from {min} to {max}.");
        }
    }
}
