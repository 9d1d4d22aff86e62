using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Canary;

/// <summary>The flags file as a configuration source: JSON, reloaded on change, keeping its last good content (see <see cref="FlagsFileProvider"/>).</summary>
internal sealed class FlagsFileSource : JsonConfigurationSource
{
    /// <summary>Called with the reason whenever a reload finds the file broken and the last good flags stay in force.</summary>
    public Action<string>? Rejected { get; init; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new FlagsFileProvider(this);
    }
}
