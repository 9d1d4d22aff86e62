using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ModelHost.Repository;

/// <summary>
/// The pins file, <c>{"ModelHost":{"Pins":{"churn":"1.1.0"}}}</c>, read as configuration: rewritten atomically (a new
/// file renamed over the old) and reloaded at once, so the reconciler swaps the model hot as for any other change.
/// </summary>
internal sealed class ModelPins(IOptions<ModelHostOptions> options, IConfiguration configuration) : IDisposable
{
    private readonly string _path = Path.GetFullPath(options.Value.PinsFile);
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Pins a model to a version (or removes its pin, with null) and applies it; returns the previous pin.</summary>
    public async Task<string?> SetAsync(string model, string? version)
    {
        await _writing.WaitAsync();
        try
        {
            var document = File.Exists(_path) ? JsonNode.Parse(await File.ReadAllTextAsync(_path)) as JsonObject ?? [] : [];
            var section = document[ModelHostConfig.Section] as JsonObject ?? [];
            document[ModelHostConfig.Section] = section;
            var pins = section[nameof(ModelHostOptions.Pins)] as JsonObject ?? [];
            section[nameof(ModelHostOptions.Pins)] = pins;

            var previous = (string?)pins[model];
            pins[model] = version;
            if (version is null)
            {
                pins.Remove(model);
            }

            var temporary = $"{_path}.{Environment.ProcessId}.tmp";
            await File.WriteAllTextAsync(temporary, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, _path, overwrite: true);
            ((IConfigurationRoot)configuration).Reload();
            return previous;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Adds the pins file as the last configuration source, so pins win over command-line settings.</summary>
    public static void AddSource(IConfigurationBuilder configuration, string pinsFile)
    {
        var path = Path.GetFullPath(pinsFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        configuration.AddJsonFile(path, optional: true, reloadOnChange: true);
    }

    public void Dispose() => _writing.Dispose();
}
