using Gateway.Access;
using Gateway.Analysis;
using Gateway.Caching;
using Gateway.Flags;
using Gateway.Shadow;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Hosting;

/// <summary>The gateway's settings check: every bad key reported at once, each named by its configuration key.</summary>
public sealed class GatewayOptionsValidatorTests
{
    private static readonly IConfiguration Clusters = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ReverseProxy:Clusters:churn-stable:Destinations:a:Address"] = "http://127.0.0.1:1/" })
        .Build();

    [Fact]
    public void Validate_Defaults_WithAModel_Succeed()
    {
        var result = new GatewayOptionsValidator(Clusters).Validate(null, WithModel(new GatewayOptions()));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadKeysInEverySection_NamesEachKeyAndValue()
    {
        var options = WithModel(new GatewayOptions
        {
            MaxRequestBodyBytes = 1,
            Cache = new CacheOptions { TimeoutMilliseconds = 0, SigningKey = "short" },
            Canary = new CanaryOptions { SharedAddresses = ["not-an-address"], Analysis = new CanaryAnalysisOptions { Alpha = 0 } },
            Shadow = new ShadowOptions { CompareUrl = "ftp://compare" },
            Access = new AccessOptions { TrustedProxies = ["10.0.0.0/8", "nope"], ApiKeys = { ["team-a"] = new ApiKeyOptions { Key = "", Burst = -1 } } },
        });
        options.Models["churn"].CacheTtlSeconds = -1;
        options.Models["fraud"] = new ModelRouteOptions { StableCluster = "missing" };

        var failures = new GatewayOptionsValidator(Clusters).Validate(null, options).Failures!.ToList();

        Assert.Equal(
            [
                "Gateway:MaxRequestBodyBytes is 1: it must be from 1024 to 268435456.",
                "Gateway:Access:TrustedProxies has 'nope', which is not an IP address nor a network like 10.0.0.0/8.",
                "Gateway:Cache:TimeoutMilliseconds is 0: it must be from 1 to 5000.",
                "Gateway:Cache:SigningKey must be at least 32 characters.",
                "Gateway:Canary:SharedAddresses has 'not-an-address', which is not an IP address.",
                "Gateway:Canary:Analysis:Alpha is 0: it must be from 1E-09 to 0.5.",
                "Gateway:Shadow:CompareUrl is 'ftp://compare', not an absolute http(s) URL.",
                "Gateway:Access:ApiKeys:team-a:Key must be set, to at least 16 characters.",
                "Gateway:Access:ApiKeys:team-a:Burst is -1: it must be from 0 to 1000000.",
                "Gateway:Shadow:CompareToken must be set (at least 16 characters) with Gateway:Shadow:CompareUrl: ShadowCompare takes records only from a gateway with its token.",
                "Gateway:Models:churn:CacheTtlSeconds is -1: it must be from 0 to 86400.",
                "Gateway:Models:fraud:StableCluster is 'missing', which is not a cluster under ReverseProxy:Clusters.",
            ],
            failures);
    }

    [Fact]
    public void Validate_MapKeyWithDots_NamedAsWritten()
    {
        var options = WithModel(new GatewayOptions());
        options.Models["churn.v2"] = new ModelRouteOptions { StableCluster = "churn-stable", CacheTtlSeconds = -1 };

        var failures = new GatewayOptionsValidator(Clusters).Validate(null, options).Failures!;

        Assert.Equal(["Gateway:Models:churn.v2:CacheTtlSeconds is -1: it must be from 0 to 86400."], failures);
    }

    private static GatewayOptions WithModel(GatewayOptions options)
    {
        options.Models["churn"] = new ModelRouteOptions { StableCluster = "churn-stable" };
        return options;
    }
}
