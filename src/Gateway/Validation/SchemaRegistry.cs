using Gateway.Pipeline.Intake;
using Microsoft.Extensions.Options;
using Gateway.Versioning;
using NJsonSchema;

namespace Gateway.Validation;

/// <summary>
/// The JSON Schemas of every served model's API, from <see cref="GatewayOptions.SchemaDirectory"/>:
/// <c>{model}/{api version}/request.schema.json</c> and <c>response.schema.json</c> for each public API version the model
/// offers, and <c>oip/v2/…</c> for the protocol routes.
/// It is the catalog the gateway serves: a model is routed once its schemas have loaded. At start a missing or broken
/// schema stops the process with a message naming the file; when <c>Gateway:Models</c> changes while running, the
/// schemas are loaded again, and a change whose schemas do not load is refused with that message in the log and
/// changes nothing.
/// </summary>
internal sealed partial class SchemaRegistry : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile Catalog _catalog;

    public SchemaRegistry(IOptionsMonitor<GatewayOptions> options, IHostEnvironment environment, ILogger<SchemaRegistry> logger)
    {
        _catalog = Catalog.Load(options.CurrentValue, environment.ContentRootPath);
        _subscription = options.OnChange(changed =>
        {
            try
            {
                _catalog = Catalog.Load(changed, environment.ContentRootPath);
            }
            catch (ConfigurationException e)
            {
                LogRefused(logger, e.Message);
                return;
            }

            Reloaded?.Invoke(_catalog.Options);
        });
    }

    /// <summary>Raised with the accepted settings each time a change to them has loaded.</summary>
    public event Action<GatewayOptions>? Reloaded;

    /// <summary>The settings whose models' schemas are loaded: the catalog being served.</summary>
    public GatewayOptions Accepted => _catalog.Options;

    public SchemaSet For(string model, string api) => _catalog.Schemas[(model, api)];

    public bool TryGet(string model, string api, out SchemaSet schemas) => _catalog.Schemas.TryGetValue((model, api), out schemas!);

    /// <summary>A public API version the accepted catalog offers for the model, with its deprecation and sunset.</summary>
    public bool TryGetApi(string model, string api, out ApiVersionOptions version) => _catalog.Versions.TryGetValue((model, api), out version!);

    /// <summary>The public API versions the accepted catalog offers for the model, in configured order; empty for an unknown model.</summary>
    public IReadOnlyList<ApiVersionOptions> Offered(string model) => _catalog.Offered.GetValueOrDefault(model, []);

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(701, LogLevel.Error, "The changed model catalog was not applied; the gateway goes on serving the previous one: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    // What one accepted configuration serves: its settings, every (model, API) schema set, and each model's public API
    // versions as they were when it was accepted (a refused change leaves them as they were, like the schemas).
    private sealed record Catalog(
        GatewayOptions Options,
        Dictionary<(string Model, string Api), SchemaSet> Schemas,
        Dictionary<string, IReadOnlyList<ApiVersionOptions>> Offered,
        Dictionary<(string Model, string Api), ApiVersionOptions> Versions)
    {
        public static Catalog Load(GatewayOptions options, string contentRoot)
        {
            var root = Path.GetFullPath(options.SchemaDirectory, contentRoot);
            var oip = SchemaRegistry.Load(Path.Combine(root, "oip", "v2"));
            var schemas = new Dictionary<(string Model, string Api), SchemaSet>();
            var offered = new Dictionary<string, IReadOnlyList<ApiVersionOptions>>(StringComparer.Ordinal);
            var versions = new Dictionary<(string Model, string Api), ApiVersionOptions>();
            foreach (var (model, route) in options.Models)
            {
                offered[model] = ApiVersionRules.Offered(route);
                foreach (var api in offered[model])
                {
                    schemas[(model, api.Version)] = SchemaRegistry.Load(Path.Combine(root, model, api.Version));
                    versions[(model, api.Version)] = api;
                }

                schemas[(model, Apis.Oip)] = oip;
            }

            return new Catalog(options, schemas, offered, versions);
        }
    }

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
            throw new ConfigurationException(
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
            throw new ConfigurationException($"The JSON Schema {path} cannot be loaded: {e.Message}", e);
        }
    }
}
