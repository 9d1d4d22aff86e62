using System.Text.Json.Nodes;

namespace Gateway.OpenApi;

/// <summary>The catalog's answers (<see cref="Catalog.CatalogEndpoints"/>) as OpenAPI schemas, so a generated client gets typed models.</summary>
internal static class CatalogSchemas
{
    public static JsonObject ModelList() => Object(
        "The models this gateway serves.",
        ["models"],
        ("models", new JsonObject { ["type"] = "array", ["items"] = Ref("ModelSummary") }));

    public static JsonObject ModelSummary() => Object(
        "One served model.",
        ["name", "api_version", "predict", "details"],
        ("name", Text("The model's name.")),
        ("description", Text("What the model does.", nullable: true)),
        ("api_version", Text("The public API version of this list: v1, v2…")),
        ("version", Text("The model version the stable track serves, when known.", nullable: true)),
        ("predict", Text("Where to POST a prediction.")),
        ("details", Text("Where this model's details are: /v1/models/{model} in v1, the version's OpenAPI document after.")),
        ("deprecated", DateTime("When this API version was deprecated for the model; absent while it is current.")),
        ("sunset", DateTime("When this API version stops being served (410 Gone from then on); absent when not set.")),
        ("successor", Text("The API version to move to, when deprecated.", nullable: true)));

    public static JsonObject ModelDetail() => Object(
        "One served model, with the schemas its API validates with.",
        ["name", "api_version", "predict", "infer", "request_schema", "response_schema"],
        ("name", Text("The model's name.")),
        ("description", Text("What the model does.", nullable: true)),
        ("api_version", Text("The public API version, v1.")),
        ("predict", Text("Where to POST a prediction.")),
        ("infer", Text("Where to POST an Open Inference Protocol infer request.")),
        ("api_versions", new JsonObject { ["type"] = "array", ["description"] = "The public API versions the model offers (v1, v2…).", ["items"] = Text("An API version.") }),
        ("version", Text("The model version the stable track serves, when known.", nullable: true)),
        ("tracks", new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Each track (stable, canary) whose version is known: the version and what its manifest says of it.",
            ["additionalProperties"] = Ref("TrackFacts"),
        }),
        ("request_schema", new JsonObject { ["type"] = "object", ["description"] = "The JSON Schema (draft-04) a predict body must match.", ["additionalProperties"] = true }),
        ("response_schema", new JsonObject { ["type"] = "object", ["description"] = "The JSON Schema (draft-04) of a predict answer.", ["additionalProperties"] = true }));

    public static JsonObject TrackFacts() => Object(
        "A track's model version and its manifest's facts (model.json).",
        ["version", "changelog"],
        ("version", Text("The model version the track serves.")),
        ("description", Text("What the version is.", nullable: true)),
        ("changelog", new JsonObject { ["type"] = "array", ["description"] = "What changed from the version before.", ["items"] = Text("One change.") }),
        ("metrics", new JsonObject { ["type"] = "object", ["nullable"] = true, ["description"] = "Its evaluation metrics (dataset, accuracy, auc…), as the manifest holds them.", ["additionalProperties"] = true }));

    private static JsonObject Object(string description, string[] required, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = description,
            ["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]),
            ["properties"] = props,
        };
    }

    private static JsonObject Text(string description, bool nullable = false)
    {
        var text = new JsonObject { ["type"] = "string", ["description"] = description };
        if (nullable)
        {
            text["nullable"] = true;
        }

        return text;
    }

    private static JsonObject DateTime(string description) =>
        new() { ["type"] = "string", ["format"] = "date-time", ["nullable"] = true, ["description"] = description };

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };
}
