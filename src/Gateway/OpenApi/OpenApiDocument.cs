using System.Text.Json.Nodes;
using Gateway.Pipeline.Intake;
using Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Gateway.OpenApi;

/// <summary>
/// The OpenAPI 3.0 description of the public API, built from the very schema files the gateway validates with, so the
/// document and the behaviour cannot drift. Built once; served at <c>/openapi/v1.json</c>.
/// </summary>
internal sealed class OpenApiDocument(IOptions<GatewayOptions> options, SchemaRegistry schemas, IHostEnvironment environment)
{
    private readonly Lazy<string> _json = new(() => Build(options.Value, schemas, Path.GetFullPath(options.Value.SchemaDirectory, environment.ContentRootPath)).ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    public string Json => _json.Value;

    private static JsonObject Build(GatewayOptions options, SchemaRegistry schemas, string schemaRoot)
    {
        var components = new JsonObject { ["Problem"] = ProblemSchema() };
        var paths = new JsonObject
        {
            ["/v1/models"] = Get("listModels", "The served models, their API version and serving version."),
            ["/v1/models/{model}"] = Get("getModel", "One model, with its request and response schemas.", modelParameter: true),
        };
        foreach (var model in options.Models.Keys.Order(StringComparer.Ordinal))
        {
            var v1 = schemas.For(model, Apis.V1);
            components[$"{model}.v1.PredictRequest"] = FromSchemaFile(v1.RequestPath, out var example);
            components[$"{model}.v1.PredictResponse"] = FromSchemaFile(v1.ResponsePath, out _);
            paths[$"/v1/models/{model}:predict"] = Post($"predict_{model}", $"Predicts with {model}.", $"{model}.v1.PredictRequest", $"{model}.v1.PredictResponse", example);
            var oip = schemas.For(model, Apis.Oip);
            components["oip.v2.InferRequest"] = FromSchemaFile(oip.RequestPath, out var oipExample);
            components["oip.v2.InferResponse"] = FromSchemaFile(oip.ResponsePath, out _);
            paths[$"/v2/models/{model}/infer"] = Post($"infer_{model}", $"Open Inference Protocol infer on {model}.", "oip.v2.InferRequest", "oip.v2.InferResponse", oipExample);
        }

        if (options.Jobs.Enabled)
        {
            components["jobs.v1.JobStatus"] = FromSchemaFile(Path.Combine(schemaRoot, "jobs", "v1", "status.schema.json"), out _);
            components["jobs.v1.JobResult"] = FromSchemaFile(Path.Combine(schemaRoot, "jobs", "v1", "result.schema.json"), out _);
            JobPaths.Add(paths);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Inference gateway public API",
                ["version"] = "1",
                ["description"] = "A stable, versioned prediction API. Errors are application/problem+json (RFC 9457).",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = components },
        };
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
            ["parameters"] = new JsonArray(Header("X-Request-Id", "Echoed back; one is made when absent."), Header("Cache-Control", "no-cache skips the cache lookup, no-store the store.")),
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

    private static JsonObject Get(string operation, string summary, bool modelParameter = false)
    {
        var get = new JsonObject
        {
            ["operationId"] = operation,
            ["summary"] = summary,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = summary, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } } },
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
