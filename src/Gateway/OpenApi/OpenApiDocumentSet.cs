using System.Collections.Concurrent;
using Gateway.Pipeline.Intake;
using Gateway.Validation;
using Gateway.Versioning;

namespace Gateway.OpenApi;

/// <summary>
/// The OpenAPI documents of one accepted catalog, one per public API version, each built the first time it is asked
/// for. A version no model offers has none (v1's always exists: it also describes the protocol's infer and the jobs).
/// </summary>
internal sealed class OpenApiDocumentSet(SchemaRegistry schemas, GatewayOptions options, IHostEnvironment environment)
{
    // At most one entry per name the route constraint lets through (v1…v999).
    private readonly ConcurrentDictionary<string, Lazy<string?>> _built = new(StringComparer.Ordinal);

    public string? Get(string api) => _built.GetOrAdd(api, a => new(() =>
        a == Apis.V1 || options.Models.Values.Any(m => ApiVersionRules.Offered(m).Any(o => o.Version == a))
            ? OpenApiDocument.Build(options, schemas, Path.GetFullPath(options.SchemaDirectory, environment.ContentRootPath), a)
                .ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            : null)).Value;
}
