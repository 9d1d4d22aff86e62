using Microsoft.Extensions.Options;
using ModelHost.Batching;
using ModelHost.Store;
using Settings;

namespace ModelHost;

/// <summary>
/// Checks <see cref="ModelHostOptions"/> at start-up and on reload, reporting every bad key at once: the data-annotation
/// rules (<see cref="ValidateModelHostOptions"/>, generated), each batching override, the versions asked for, and the
/// store, whose rules depend on one another.
/// </summary>
internal sealed class ModelHostOptionsValidator : IValidateOptions<ModelHostOptions>
{
    private static readonly ValidateModelHostOptions Annotations = new();
    private static readonly ValidateBatchingOptions Overrides = new();

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
        const string S = ModelHostConfig.Section;
        var errors = new List<string>(Annotations.Validate(name, options).Failures ?? []);
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

        foreach (var (model, version) in options.Models.Concat(options.Pins))
        {
            if (!ModelVersion.IsValidRequest(version))
            {
                errors.Add($"{S}:Models:{model} is '{version}': give a semantic version (1.2.0, 2.0.0-rc.1) or '{ModelHostConfig.LatestVersion}'.");
            }
        }

        foreach (var (model, batching) in options.BatchingOverrides)
        {
            errors.AddRange(Overrides.Validate(SettingKey.ToDisplayName($"{S}:BatchingOverrides:{model}"), batching).Failures ?? []);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
