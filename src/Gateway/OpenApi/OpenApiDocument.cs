using System.Text.Json.Nodes;
using Gateway.Pipeline.Intake;
using Gateway.Validation;
using Gateway.Versioning;

namespace Gateway.OpenApi;

/// <summary>
/// The OpenAPI 3.0 description of each public API version, built from the very schema files the gateway validates
/// with, so the document and the behaviour cannot drift. Built on first use and again whenever the catalog changes;
/// served at <c>/openapi/{api}.json</c>. The v1 document also holds the Open Inference Protocol's infer and the batch
/// jobs; a later version's holds its catalog and predicts.
/// </summary>
internal sealed class OpenApiDocument
{
    private volatile OpenApiDocumentSet _documents;

    public OpenApiDocument(SchemaRegistry schemas, IHostEnvironment environment)
    {
        _documents = new(schemas, schemas.Accepted, environment);
        schemas.Reloaded += accepted => _documents = new(schemas, accepted, environment);
    }

    /// <returns>The document of the API version, or null when no model offers it.</returns>
    public string? Json(string api) => _documents.Get(api);

    /// <summary>The document of one public API version for one accepted catalog.</summary>
    internal static JsonObject Build(GatewayOptions options, SchemaRegistry schemas, string schemaRoot, string api)
    {
        var first = api == Apis.V1;
        var components = new JsonObject
        {
            ["Problem"] = ProblemSchema(),
            ["ModelList"] = CatalogSchemas.ModelList(),
            ["ModelSummary"] = CatalogSchemas.ModelSummary(),
        };
        var paths = new JsonObject
        {
            [$"/{api}/models"] = Get("listModels", $"The models offering API {api}, and their serving version.", "ModelList"),
        };
        if (first)
        {
            components["ModelDetail"] = CatalogSchemas.ModelDetail();
            components["TrackFacts"] = CatalogSchemas.TrackFacts();
            paths["/v1/models/{model}"] = Get("getModel", "One model, with its request and response schemas.", "ModelDetail", modelParameter: true);
        }

        foreach (var (model, route) in options.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (ApiVersionRules.Offered(route).FirstOrDefault(a => a.Version == api) is { } offered)
            {
                var set = schemas.For(model, api);
                components[$"{model}.{api}.PredictRequest"] = FromSchemaFile(set.RequestPath, out var example);
                components[$"{model}.{api}.PredictResponse"] = FromSchemaFile(set.ResponsePath, out _);
                paths[$"/{api}/models/{model}:predict"] = Predict(model, api, offered, example);
            }

            if (first)
            {
                // The protocol's infer is every model's, whatever public API versions it offers.
                var oip = schemas.For(model, Apis.Oip);
                components["oip.v2.InferRequest"] = FromSchemaFile(oip.RequestPath, out var oipExample);
                components["oip.v2.InferResponse"] = FromSchemaFile(oip.ResponsePath, out _);
                paths[$"/v2/models/{model}/infer"] = Post($"infer_{model}", $"Open Inference Protocol infer on {model}.", "oip.v2.InferRequest", "oip.v2.InferResponse", oipExample);
            }
        }

        if (first && options.Jobs.Enabled)
        {
            components["jobs.v1.JobStatus"] = FromSchemaFile(Path.Combine(schemaRoot, "jobs", "v1", "status.schema.json"), out _);
            components["jobs.v1.JobResult"] = FromSchemaFile(Path.Combine(schemaRoot, "jobs", "v1", "result.schema.json"), out _);
            JobPaths.Add(paths);
        }

        AddRefusals(paths);
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Inference gateway public API",
                ["version"] = api[1..],
                ["description"] = first
                    ? "A stable, versioned prediction API. Errors are application/problem+json (RFC 9457)."
                    : $"API {api} of the stable, versioned prediction API, served beside the others. An instance may carry an \"id\", which its prediction carries back. Errors are application/problem+json (RFC 9457).",
            },
            // Relative: the API is served where this document is.
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "The gateway that served this document." }),
            // A key is optional unless Gateway:Access:RequireApiKey is set: hence the empty alternative.
            ["security"] = new JsonArray(new JsonObject { [ApiKeyScheme] = new JsonArray() }, new JsonObject()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = components,
                ["securitySchemes"] = new JsonObject
                {
                    [ApiKeyScheme] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = GatewayConfig.ApiKeyHeader,
                        ["description"] = "A key the gateway knows (Gateway:Access:ApiKeys). A trusted key may name its end user in X-User-Id.",
                    },
                },
            },
        };
    }

    private const string ApiKeyScheme = "ApiKey";

    // A version's predict; a deprecated one is marked so, with its headers and its 410.
    private static JsonObject Predict(string model, string api, ApiVersionOptions offered, JsonNode? example)
    {
        var predict = Post($"predict_{model}", $"Predicts with {model}.", $"{model}.{api}.PredictRequest", $"{model}.{api}.PredictResponse", example);
        if (offered.Deprecated is not null)
        {
            var post = predict["post"]!;
            post["deprecated"] = true;
            post["responses"]!["410"] = ProblemResponse("This API version is retired (after its Sunset); the problem names its successor.");
            var headers = post["responses"]!["200"]!["headers"]!.AsObject();
            headers["Deprecation"] = HeaderSchema("When this version was deprecated, as @ and Unix seconds (RFC 9745).");
            headers["Sunset"] = HeaderSchema("When this version stops being served, an HTTP date (RFC 8594); present when set.");
            headers["Link"] = HeaderSchema("The successor version's predict, rel=\"successor-version\"; present when set.");
        }

        return predict;
    }

    // What the gateway can refuse on any public operation, before it looks at the body: a key (401), a rate limit (429),
    // and on a body the size cap (413).
    private static void AddRefusals(JsonObject paths)
    {
        foreach (var (_, path) in paths)
        {
            foreach (var (method, operation) in path!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                responses.TryAdd("401", ProblemResponse("An unknown X-Api-Key, or none where keys are required."));
                responses.TryAdd("429", RateLimitedResponse());
                if (method == "post")
                {
                    responses.TryAdd("413", ProblemResponse("The body is over the size limit."));
                }
            }
        }
    }

    private static JsonObject RateLimitedResponse()
    {
        var response = ProblemResponse("This caller's rate limit is used up; retry after Retry-After seconds.");
        response["headers"] = new JsonObject
        {
            ["Retry-After"] = new JsonObject { ["description"] = "Seconds to wait.", ["schema"] = new JsonObject { ["type"] = "integer" } },
        };
        return response;
    }

    // Draft-04 schemas that use only OpenAPI's subset of keywords: drop $schema, and turn the first example into `example`.
    private static JsonObject FromSchemaFile(string path, out JsonNode? example)
    {
        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        schema.Remove("$schema");
        example = schema["examples"]?[0]?.DeepClone();
        schema.Remove("examples");
        if (example is not null)
        {
            schema["example"] = example.DeepClone();
        }

        return schema;
    }

    private static JsonObject Post(string operation, string summary, string request, string response, JsonNode? example) => new()
    {
        ["post"] = new JsonObject
        {
            ["operationId"] = operation,
            ["summary"] = summary,
            ["parameters"] = new JsonArray(
                Header("X-Request-Id", "Echoed back; one is made when absent."),
                Header("Cache-Control", "no-cache skips the cache lookup, no-store the store."),
                Header("X-User-Id", "The end user, for sticky canary assignment; taken only from a trusted API key.")),
            ["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = Content(request, example) },
            },
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "The prediction.",
                    ["headers"] = new JsonObject
                    {
                        ["X-Model-Version"] = HeaderSchema("The model version that answered."),
                        ["X-Cache"] = HeaderSchema("HIT when answered from the result cache, else MISS."),
                        ["X-Request-Id"] = HeaderSchema("The request's id."),
                    },
                    ["content"] = new JsonObject { ["application/json"] = Content(response, null) },
                },
                ["400"] = ProblemResponse("The body is not JSON or breaks the request schema; errors lists the failing paths (the first 100)."),
                ["404"] = ProblemResponse("Unknown model."),
                ["413"] = ProblemResponse("The body is over the size limit."),
                ["415"] = ProblemResponse("The body is not application/json."),
                ["502"] = ProblemResponse("The model backend failed or could not be reached."),
                ["503"] = ProblemResponse("No healthy model backend; retry after Retry-After seconds."),
                ["504"] = ProblemResponse("The model backend did not answer in time."),
            },
        },
    };

    private static JsonObject Get(string operation, string summary, string response, bool modelParameter = false)
    {
        var get = new JsonObject
        {
            ["operationId"] = operation,
            ["summary"] = summary,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = summary, ["content"] = new JsonObject { ["application/json"] = Content(response, null) } },
                ["404"] = ProblemResponse("Unknown model."),
            },
        };
        if (modelParameter)
        {
            get["parameters"] = new JsonArray(new JsonObject { ["name"] = "model", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        return new JsonObject { ["get"] = get };
    }

    private static JsonObject Content(string schema, JsonNode? example)
    {
        var content = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schema}" } };
        if (example is not null)
        {
            content["example"] = example.DeepClone();
        }

        return content;
    }

    internal static JsonObject Header(string name, string description) =>
        new() { ["name"] = name, ["in"] = "header", ["required"] = false, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };

    internal static JsonObject HeaderSchema(string description) =>
        new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };

    internal static JsonObject ProblemResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
    };

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details.",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
            ["requestId"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["path"] = new JsonObject { ["type"] = "string" }, ["reason"] = new JsonObject { ["type"] = "string" } },
                },
            },
        },
    };
}
