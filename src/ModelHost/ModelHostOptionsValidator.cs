using Microsoft.Extensions.Options;
using ModelHost.Batching;
using ModelHost.Store;

namespace ModelHost;

/// <summary>Checks <see cref="ModelHostOptions"/> at start-up and on reload, reporting every bad key at once.</summary>
internal sealed class ModelHostOptionsValidator : IValidateOptions<ModelHostOptions>
{
    /// <summary>Throws on invalid settings, naming every bad key: before the host starts (Program.cs), and as the reconciler starts.</summary>
    public void Check(ModelHostOptions options)
    {
        var result = Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(ModelHostConfig.Section, typeof(ModelHostOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, ModelHostOptions options)
    {
        var errors = new List<string>();
        const string S = ModelHostConfig.Section;
        if (string.IsNullOrWhiteSpace(options.Store))
        {
            errors.Add($"{S}:Store must be a folder path or an http(s) URL.");
        }
        else if (options.Store.Contains("://", StringComparison.Ordinal) && !HttpModelStore.IsHttpUrl(options.Store))
        {
            errors.Add($"{S}:Store '{options.Store}' is a URL but not an absolute http or https one.");
        }
        else if (HttpModelStore.IsHttpUrl(options.Store) && !options.AllowInsecureStore && !HttpModelStore.IsTrusted(new Uri(options.Store)))
        {
            errors.Add($"{S}:Store '{options.Store}' is plain http to a host other than loopback: use https, or set {S}:AllowInsecureStore=true where the network is trusted.");
        }

        Range(errors, $"{S}:MaxModelBytes", options.MaxModelBytes, 1024, 64L << 30);

        if (options.AdminToken.Length is > 0 and < 16)
        {
            errors.Add($"{S}:AdminToken must be at least 16 characters.");
        }

        foreach (var (model, version) in options.Models.Concat(options.Pins))
        {
            if (!ModelVersion.IsValidRequest(version))
            {
                errors.Add($"{S}:Models:{model} is '{version}': give a semantic version (1.2.0, 2.0.0-rc.1) or '{ModelHostConfig.LatestVersion}'.");
            }
        }

        Range(errors, $"{S}:IntraOpThreads", options.IntraOpThreads, 1, 64);
        Range(errors, $"{S}:MaxRequestBodyBytes", options.MaxRequestBodyBytes, 1024, 1L << 30);
        Range(errors, $"{S}:MaxTensorElements", options.MaxTensorElements, 1, int.MaxValue);
        Batching(errors, $"{S}:Batching", options.Batching);
        foreach (var (model, batching) in options.BatchingOverrides)
        {
            Batching(errors, $"{S}:BatchingOverrides:{model}", batching);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Batching(List<string> errors, string key, BatchingOptions options)
    {
        Range(errors, $"{key}:MaxBatchSize", options.MaxBatchSize, 1, 4096);
        Range(errors, $"{key}:MaxQueueDelayMicroseconds", options.MaxQueueDelayMicroseconds, 0, 1_000_000);
        Range(errors, $"{key}:MaxQueueSize", options.MaxQueueSize, 1, 1_000_000);
        Range(errors, $"{key}:MaxConcurrency", options.MaxConcurrency, 1, 256);
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} is {value}: it must be from {min} to {max}.");
        }
    }
}
