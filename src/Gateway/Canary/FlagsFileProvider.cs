using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Canary;

/// <summary>
/// Reads the flags file. The stock JSON provider empties its data when a reload finds the file unparsable (and then
/// throws from the file watcher's callback); this one validates the new content first and, when it is broken, keeps
/// the last good flags in force and reports why. At start-up a broken file is an error naming the file.
/// </summary>
internal sealed class FlagsFileProvider(FlagsFileSource source) : JsonConfigurationProvider(source)
{
    private bool _started;

    /// <summary>The first load, at start-up: a broken file throws. Later loads are reloads.</summary>
    public override void Load()
    {
        base.Load();
        _started = true;
    }

    public override void Load(Stream stream)
    {
        Dictionary<string, string?>? data = null;
        string error;
        try
        {
            var flags = new ConfigurationBuilder().AddJsonStream(stream).Build();
            error = string.Join(" ", FlagsDocument.Validate(flags));
            data = flags.AsEnumerable()
                .Where(pair => pair.Value is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            error = e.InnerException?.Message ?? e.Message;
        }

        if (error.Length == 0)
        {
            Data = data!;
            return;
        }

        if (!_started)
        {
            throw new InvalidDataException(error);
        }

        source.Rejected?.Invoke(error);
    }
}
