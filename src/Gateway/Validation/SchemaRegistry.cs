using Gateway.Pipeline.Intake;
using Microsoft.Extensions.Options;
using NJsonSchema;

namespace Gateway.Validation;

/// <summary>
/// The JSON Schemas of every served model's API, loaded once at start-up from <see cref="GatewayOptions.SchemaDirectory"/>:
/// <c>{model}/v1/request.schema.json</c> and <c>response.schema.json</c>, and <c>oip/v2/…</c> for the protocol route.
/// A missing or broken schema stops the process with a message naming the file.
/// </summary>
internal sealed class SchemaRegistry
{
    private readonly Dictionary<(string Model, string Api), SchemaSet> _schemas = [];

    public SchemaRegistry(IOptions<GatewayOptions> options, IHostEnvironment environment)
    {
        var root = Path.GetFullPath(options.Value.SchemaDirectory, environment.ContentRootPath);
        var oip = Load(Path.Combine(root, "oip", "v2"));
        foreach (var model in options.Value.Models.Keys)
        {
            _schemas[(model, Apis.V1)] = Load(Path.Combine(root, model, "v1"));
            _schemas[(model, Apis.Oip)] = oip;
        }
    }

    public SchemaSet For(string model, string api) => _schemas[(model, api)];

    public bool TryGet(string model, string api, out SchemaSet schemas) => _schemas.TryGetValue((model, api), out schemas!);

    private static SchemaSet Load(string folder)
    {
        var request = Path.Combine(folder, "request.schema.json");
        var response = Path.Combine(folder, "response.schema.json");
        var requestSchema = Read(request);
        RefuseRegularExpressions(request);
        return new SchemaSet(request, requestSchema, response, Read(response));
    }

    // NJsonSchema matches "pattern" with .NET regular expressions and no time limit, so a client's string against a
    // pattern like ^(a+)+$ can take time exponential in its length. Request schemas, which run on what clients send,
    // may not use them: enum, format and lengths say what a request needs.
    private static void RefuseRegularExpressions(string path)
    {
        var found = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(path)).Descendants().OfType<Newtonsoft.Json.Linq.JProperty>()
            .FirstOrDefault(p => p.Name is "pattern" or "patternProperties"
                // A property of the request named "pattern" is data, not the keyword.
                && (p.Parent?.Parent as Newtonsoft.Json.Linq.JProperty)?.Name != "properties");
        if (found is not null)
        {
            throw new InvalidOperationException(
                $"The JSON Schema {path} uses '{found.Name}' at {found.Path}: request schemas may not, since a regular expression runs on what clients send with no time limit. Use enum, format, minLength or maxLength.");
        }
    }

    private static JsonSchema Read(string path)
    {
        try
        {
            // Synchronous on purpose: this runs once while the host is being built, before it serves anything.
            return JsonSchema.FromFileAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The JSON Schema {path} cannot be loaded: {e.Message}", e);
        }
    }
}
