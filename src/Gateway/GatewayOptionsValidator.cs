using Gateway.Access;
using Microsoft.Extensions.Options;
using Settings;

namespace Gateway;

/// <summary>
/// Checks <see cref="GatewayOptions"/>, reporting every bad key at once: the data-annotation rules of each section
/// (<see cref="ValidateGatewayOptions"/>, generated), each entry of its maps, and the rules that span sections or reach
/// outside them (a model's clusters under <c>ReverseProxy:Clusters</c>, a signing key with Redis).
/// </summary>
internal sealed class GatewayOptionsValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    private const string S = GatewayConfig.Section;
    private static readonly ValidateGatewayOptions Annotations = new();
    private static readonly ValidateModelRouteOptions Routes = new();
    private static readonly ValidateApiKeyOptions Keys = new();

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        Add(errors, Annotations.Validate(name, options));
        foreach (var (caller, key) in options.Access.ApiKeys)
        {
            Add(errors, Keys.Validate(SettingKey.ToDisplayName($"{S}:Access:ApiKeys:{caller}"), key));
        }

        foreach (var (actor, _) in options.AdminTokens.Where(t => t.Value.Length < 16))
        {
            errors.Add($"{S}:AdminTokens:{actor} must be at least 16 characters.");
        }

        if (string.IsNullOrEmpty(options.Cache.SigningKey) && !string.IsNullOrWhiteSpace(configuration.GetConnectionString(GatewayConfig.RedisConnectionName)))
        {
            errors.Add($"{S}:Cache:SigningKey is required with ConnectionStrings:{GatewayConfig.RedisConnectionName}: every replica that shares the cache seals and checks its entries with it.");
        }

        if (options.Shadow.CompareUrl.Length > 0 && options.Shadow.CompareToken.Length == 0)
        {
            errors.Add($"{S}:Shadow:CompareToken must be set (at least 16 characters) with {S}:Shadow:CompareUrl: ShadowCompare takes records only from a gateway with its token.");
        }

        if (options.Models.Count == 0)
        {
            errors.Add($"{S}:Models names no model to serve.");
        }

        var clusters = configuration.GetSection("ReverseProxy:Clusters").GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, route) in options.Models)
        {
            Add(errors, Routes.Validate(SettingKey.ToDisplayName($"{S}:Models:{model}"), route));
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

            Versioning.ApiVersionRules.Check(errors, $"{S}:Models:{model}:ApiVersions", route.ApiVersions);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Add(List<string> errors, ValidateOptionsResult result) => errors.AddRange(result.Failures ?? []);
}
