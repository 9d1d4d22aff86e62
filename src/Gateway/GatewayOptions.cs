using Microsoft.Extensions.Options;
using Settings;

namespace Gateway;

/// <summary>Configuration of the gateway, bound from the <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    /// <summary>The largest request body the gateway reads; larger ones get 413.</summary>
    /// <value>Defaults to 1 MiB; 1 KiB to 256 MiB.</value>
    [SettingRange(1024, 268_435_456)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The folder of JSON Schemas: <c>{model}/v1/request.schema.json</c>, <c>oip/v2/…</c>.</summary>
    /// <value>Defaults to <c>schemas</c>, relative to the working directory.</value>
    public string SchemaDirectory { get; set; } = "schemas";

    /// <summary>Whether a backend answer that breaks its response schema becomes a 502 instead of being logged and counted.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool StrictResponseValidation { get; set; }

    /// <summary>
    /// The share of successful answers checked against their response schema when validation is not strict: a sample
    /// is enough to count a backend that breaks its contract, and a check costs as much as validating the request.
    /// </summary>
    /// <value>Defaults to 0.05; 0 to 1. Strict validation checks every answer whatever this says.</value>
    [SettingRange(0, 1)]
    public double ResponseCheckShare { get; set; } = 0.05;

    /// <summary>Who may call the public API and how often.</summary>
    [ValidateObjectMembers]
    public Access.AccessOptions Access { get; set; } = new();

    /// <summary>Asynchronous batch jobs: limits, results folder, politeness.</summary>
    [ValidateObjectMembers]
    public Jobs.JobOptions Jobs { get; set; } = new();

    /// <summary>How the result cache behaves when its store is slow or down.</summary>
    [ValidateObjectMembers]
    public Caching.CacheOptions Cache { get; set; } = new();

    /// <summary>
    /// The admin API's bearer tokens by name (<c>Gateway:AdminTokens:{name}</c>): the name is who the audit trail says
    /// made a change. With none (and no <see cref="AdminToken"/>) the admin API is off.
    /// </summary>
    /// <value>Empty by default; each token at least 16 characters.</value>
    public Dictionary<string, string> AdminTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the admin API and <c>/metrics</c> listen, apart from the public API: URLs separated by <c>;</c>, as for
    /// <c>urls</c>, or <c>none</c> to serve neither. The public listener serves neither, and the admin listener no
    /// public endpoint.
    /// </summary>
    /// <value>Unset by default: each public URL with its port plus 1000 (8080 → 9080; port 0 stays 0).</value>
    public string? AdminUrls { get; set; }

    /// <summary>
    /// Where the Open Inference Protocol's gRPC form is served, HTTP/2 only (<c>;</c>-separated URLs, each naming its
    /// port, such as <c>http://127.0.0.1:8086</c>; <c>https</c> for TLS).
    /// </summary>
    /// <value>Empty by default: no gRPC listener.</value>
    public string GrpcUrls { get; set; } = "";

    /// <summary>A single admin token, named <c>admin</c> in the audit trail: the short form of one <see cref="AdminTokens"/> entry.</summary>
    /// <value>Empty by default; at least 16 characters when set.</value>
    [Secret(16)]
    public string AdminToken { get; set; } = "";

    /// <summary>How long a promotion or a set-version waits for every ModelHost of the track to serve the new version, in seconds.</summary>
    /// <value>Defaults to 180; 5 to 3600.</value>
    [SettingRange(5, 3600)]
    public int RolloutTimeoutSeconds { get; set; } = 180;

    /// <summary>How traffic is split between stable and canary, and when a canary is rolled back.</summary>
    [ValidateObjectMembers]
    public Flags.CanaryOptions Canary { get; set; } = new();

    /// <summary>How answered requests are mirrored to ShadowCompare.</summary>
    [ValidateObjectMembers]
    public Shadow.ShadowOptions Shadow { get; set; } = new();

    /// <summary>When a backend that fails calls is taken out of rotation.</summary>
    [ValidateObjectMembers]
    public Backends.BackendHealthOptions BackendHealth { get; set; } = new();

    /// <summary>How often each track's model version is read from its backends, in seconds.</summary>
    /// <value>Defaults to 2; 1 to 3600.</value>
    [SettingRange(1, 3600)]
    public int VersionPollSeconds { get; set; } = 2;

    /// <summary>The models the gateway serves, by name.</summary>
    public Dictionary<string, ModelRouteOptions> Models { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>How the gateway serves one model.</summary>
public sealed class ModelRouteOptions
{
    /// <summary>The YARP cluster of the model's stable track.</summary>
    public string StableCluster { get; set; } = "";

    /// <summary>The YARP cluster of the model's canary track; empty when the model has none.</summary>
    /// <value>Empty by default.</value>
    public string CanaryCluster { get; set; } = "";

    /// <summary>A line describing the model for <c>GET /v1/models</c>.</summary>
    public string Description { get; set; } = "";

    /// <summary>How long a successful answer is cached, in seconds; 0 turns caching off for the model.</summary>
    /// <value>Defaults to 300; 0 to 86,400.</value>
    [SettingRange(0, 86_400)]
    public int CacheTtlSeconds { get; set; } = 300;

    /// <summary>The major versions of the model's public API, side by side; docs/gateway.md says how to add and retire one.</summary>
    /// <value>Empty by default, which offers <c>v1</c> alone.</value>
    public List<Versioning.ApiVersionOptions> ApiVersions { get; set; } = [];
}
