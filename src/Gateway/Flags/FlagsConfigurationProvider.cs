namespace Gateway.Flags;

/// <summary>
/// The flags in force as a configuration provider, so Microsoft.FeatureManagement reads them through configuration as
/// it reads any settings. Its data is replaced whole by <see cref="CanaryFlags"/> with each valid document, never with
/// an invalid one.
/// </summary>
internal sealed class FlagsConfigurationProvider : ConfigurationProvider
{
    /// <summary>Parses a flags document: its configuration data, or every reason it cannot be evaluated safely.</summary>
    public static (Dictionary<string, string?>? Data, string Error) Parse(string json)
    {
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var flags = new ConfigurationBuilder().AddJsonStream(stream).Build();
            var errors = FlagsDocument.Validate(flags);
            if (errors.Count > 0)
            {
                return (null, string.Join(" ", errors));
            }

            var data = flags.AsEnumerable()
                .Where(pair => pair.Value is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
            return (data, "");
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            return (null, e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>Puts parsed flags in force and tells configuration's readers.</summary>
    public void Replace(Dictionary<string, string?> data)
    {
        Data = data;
        OnReload();
    }

    /// <summary>Tells configuration's readers the flags changed, when what changed is outside them (local safety).</summary>
    public void Touch() => OnReload();
}
