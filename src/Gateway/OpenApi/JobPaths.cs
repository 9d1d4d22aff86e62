using System.Text.Json.Nodes;

namespace Gateway.OpenApi;

/// <summary>The batch jobs API in the OpenAPI document: submit, status, results, cancel.</summary>
internal static class JobPaths
{
    public static void Add(JsonObject paths)
    {
        var model = Parameter("model", "The model the rows are predicted with.");
        var id = Parameter("id", "The job's id, as the submission answered it.");
        paths["/v1/models/{model}/jobs"] = new JsonObject
        {
            ["post"] = new JsonObject
            {
                ["operationId"] = "submitJob",
                ["summary"] = "Submits a dataset: one JSON instance per line, each as an item of :predict's instances.",
                ["parameters"] = new JsonArray(
                    model,
                    new JsonObject
                    {
                        ["name"] = "callback", ["in"] = "query", ["required"] = false,
                        ["description"] = "A URL (on a host the gateway allows) that is sent the job's status, signed (X-Signature-256), when it ends.",
                        ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
                    },
                    OpenApiDocument.Header("X-Api-Key", "The caller's key; the job belongs to it.")),
                ["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { ["application/x-ndjson"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                },
                ["responses"] = new JsonObject
                {
                    ["202"] = new JsonObject
                    {
                        ["description"] = "Accepted; the job is queued.",
                        ["headers"] = new JsonObject { ["Location"] = OpenApiDocument.HeaderSchema("/v1/jobs/{id}") },
                        ["content"] = Status(),
                    },
                    ["400"] = OpenApiDocument.ProblemResponse("The dataset is empty, or the callback is not allowed."),
                    ["401"] = OpenApiDocument.ProblemResponse("No API key, where one is required, or an unknown one."),
                    ["404"] = OpenApiDocument.ProblemResponse("Unknown model, or jobs are turned off."),
                    ["413"] = OpenApiDocument.ProblemResponse("Over the dataset's size or row limit."),
                    ["415"] = OpenApiDocument.ProblemResponse("The dataset is not application/x-ndjson."),
                    ["429"] = OpenApiDocument.ProblemResponse("The caller has as many jobs queued or running as it may, or is over its rate."),
                    ["503"] = OpenApiDocument.ProblemResponse("The control plane, where jobs are kept, cannot be reached."),
                },
            },
        };
        paths["/v1/jobs/{id}"] = new JsonObject
        {
            ["get"] = Operation("getJob", "The job's state and progress.", id, new JsonObject { ["200"] = new JsonObject { ["description"] = "The job.", ["content"] = Status() } }),
            ["delete"] = Operation("cancelJob", "Cancels a job: no row is started after it.", id, new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "Cancelled; the rows answered so far stay downloadable.", ["content"] = Status() },
                ["409"] = OpenApiDocument.ProblemResponse("The job has already finished."),
            }),
        };
        paths["/v1/jobs/{id}/results"] = new JsonObject
        {
            ["get"] = Operation("getJobResults", "The results so far, JSON Lines in input order, one line per input line (see the JobResult schema).", id, new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "Each line a jobs.v1.JobResult; X-Job-State says whether more will come.",
                    ["headers"] = new JsonObject { ["X-Job-State"] = OpenApiDocument.HeaderSchema("The job's state when the results were read.") },
                    ["content"] = new JsonObject { ["application/x-ndjson"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                },
            }),
        };
    }

    private static JsonObject Operation(string operation, string summary, JsonObject id, JsonObject responses)
    {
        responses["401"] = OpenApiDocument.ProblemResponse("No API key, where one is required, or an unknown one.");
        responses["404"] = OpenApiDocument.ProblemResponse("No such job for this caller.");
        responses["503"] = OpenApiDocument.ProblemResponse("The control plane, where jobs are kept, cannot be reached.");
        return new JsonObject
        {
            ["operationId"] = operation,
            ["summary"] = summary,
            ["parameters"] = new JsonArray(id.DeepClone(), OpenApiDocument.Header("X-Api-Key", "The key the job was submitted with.")),
            ["responses"] = responses,
        };
    }

    private static JsonObject Status() =>
        new() { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/jobs.v1.JobStatus" } } };

    private static JsonObject Parameter(string name, string description) =>
        new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };
}
