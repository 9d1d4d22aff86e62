using Microsoft.Extensions.Options;
using Settings;
using ShadowCompare.Comparison;
using ShadowCompare.Gate;

namespace ShadowCompare;

/// <summary>Configuration of ShadowCompare, bound from the <c>ShadowCompare</c> section.</summary>
public sealed class ShadowCompareOptions
{
    /// <summary>The SQLite file comparisons are kept in.</summary>
    /// <value>Defaults to <c>shadowcompare.db</c>, relative to the working directory.</value>
    public string Store { get; set; } = "shadowcompare.db";

    /// <summary>
    /// The model store the compared versions' manifests are read from for reports (description, changelog, evaluation
    /// metrics): a folder or an http(s) URL, as <c>ModelHost:Store</c>. <c>diff</c> and <c>replay</c> use their
    /// <c>--models</c> when this is unset.
    /// </summary>
    /// <value>Unset by default: reports carry no version facts.</value>
    public string ModelStore { get; set; } = "";

    /// <summary>The shadow models each model's mirrored requests are replayed against, by model name.</summary>
    public Dictionary<string, ShadowModelOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When two answers agree.</summary>
    [ValidateObjectMembers]
    public ComparisonOptions Comparison { get; set; } = new();

    /// <summary>When a difference counts as more than the noise a model's control shows.</summary>
    [ValidateObjectMembers]
    public NoiseOptions Noise { get; set; } = new();

    /// <summary>The promotion gate's default thresholds (the report's verdict, and <c>GET /v1/gate</c> without parameters).</summary>
    [ValidateObjectMembers]
    public GateThresholds Gate { get; set; } = new();

    /// <summary>How many mirror records may wait to be compared; past it, <c>POST /v1/mirror</c> answers 503 and the gateway counts them dropped.</summary>
    /// <value>Defaults to 100,000; 1 to 100,000,000.</value>
    [SettingRange(1, 100_000_000)]
    public int MaxPending { get; set; } = 100_000;

    /// <summary>
    /// The service tokens that may post mirror records (<c>POST /v1/mirror</c>), by name: the gateways'
    /// (<c>Gateway:Shadow:CompareToken</c>). With none, nothing can post: a record's primary answer and latency are
    /// only ever taken from a gateway that measured them.
    /// </summary>
    /// <value>Empty by default; each token at least 16 characters.</value>
    public Dictionary<string, string> IngestTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The tokens that may read reports and the gate (<c>/reports/…</c>, <c>GET /v1/gate</c>), by name: the gateway's
    /// promotion and the people who read reports. Sent as <c>Authorization: Bearer</c>, or as a browser's Basic
    /// credentials with the token as the password. With none, reports and the gate are closed.
    /// </summary>
    /// <value>Empty by default; each token at least 16 characters.</value>
    public Dictionary<string, string> ReadTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How the release score weighs its parts, unless a model has its own.</summary>
    [ValidateObjectMembers]
    public ScoreWeights Score { get; set; } = new();

    /// <summary>A model's release score weights: its own <see cref="ShadowModelOptions.Score"/>, else <see cref="Score"/>.</summary>
    internal ScoreWeights ScoreWeightsFor(string model) => Models.GetValueOrDefault(model)?.Score ?? Score;

    /// <summary>The tolerances a model's answers are compared with: its own <see cref="ShadowModelOptions.Comparison"/>, else <see cref="Comparison"/>.</summary>
    internal ComparisonOptions ComparisonFor(string model) => Models.GetValueOrDefault(model)?.Comparison ?? Comparison;

    /// <summary>When live inputs count as drifted from the serving version's reference (needs <see cref="ModelStore"/>).</summary>
    [ValidateObjectMembers]
    public Drift.DriftOptions Drift { get; set; } = new();

    /// <summary>How long comparisons are kept.</summary>
    [ValidateObjectMembers]
    public Retention.RetentionOptions Retention { get; set; } = new();

    /// <summary>How many mirror records are compared at once.</summary>
    /// <value>Defaults to 16; 1 to 1024.</value>
    [SettingRange(1, 1024)]
    public int Workers { get; set; } = 16;
}

/// <summary>One model's shadows.</summary>
public sealed class ShadowModelOptions
{
    /// <summary>The shadows, by name.</summary>
    public Dictionary<string, ShadowOptions> Shadows { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The control: a second instance of the primary's (stable) version, called with every record like a shadow, so the
    /// report can tell a candidate's differences from the primary's differences with itself (nondeterminism, float noise,
    /// batching). Its comparisons are stored under the shadow name <c>control</c>, which a shadow may not take.
    /// </summary>
    /// <value>Unset by default: no noise floor.</value>
    public ShadowOptions? Control { get; set; }

    /// <summary>Every ModelHost a record goes to: the shadows, then the control, by the name its comparisons are stored under.</summary>
    internal IReadOnlyList<(string Name, ShadowOptions Shadow)> Targets =>
        [.. Shadows.Select(s => (s.Key, s.Value)), .. Control is { } control ? [(Reporting.NoiseFloor.ControlName, control)] : Array.Empty<(string, ShadowOptions)>()];

    /// <summary>
    /// The model's own tolerances, used live, by <c>diff</c> and by <c>replay</c>: a churn probability and a plan's
    /// probability vector need not agree to the same degree. They replace <c>ShadowCompare:Comparison</c> whole.
    /// </summary>
    /// <value>Unset by default: the model uses <c>ShadowCompare:Comparison</c>.</value>
    public ComparisonOptions? Comparison { get; set; }

    /// <summary>The model's own release score weights, replacing <c>ShadowCompare:Score</c> whole.</summary>
    /// <value>Unset by default.</value>
    public ScoreWeights? Score { get; set; }

    /// <summary>
    /// Input fields whose values are not kept: a stored comparison (and so a report's disagreements, and a replay) has
    /// <c>"[redacted]"</c> in their place. A replay of a redacted input fails for that row, as the model needs the field.
    /// </summary>
    /// <value>None by default.</value>
    public List<string> RedactInputs { get; set; } = [];
}

/// <summary>One shadow: a ModelHost serving the candidate version.</summary>
public sealed class ShadowOptions
{
    /// <summary>The ModelHost's base URL.</summary>
    [HttpUrl(Required = true)]
    public string Url { get; set; } = "";

    /// <summary>Calls to this shadow at once; more wait.</summary>
    /// <value>Defaults to 4; 1 to 1024.</value>
    [SettingRange(1, 1024)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a call may take before it counts as a timeout, in milliseconds.</summary>
    /// <value>Defaults to 5000; 1 to 600,000.</value>
    [SettingRange(1, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 5000;

    /// <summary>
    /// How long the shadow is left alone once it is down (at least half of at least 8 calls in 30 s unreachable or timed
    /// out), in seconds: its records are stored as failed, <c>shadow_down</c>, without a call, then one call tries it again.
    /// </summary>
    /// <value>Defaults to 5; 0 (every record calls it, however it fares) to 3600.</value>
    [SettingRange(0, 3600)]
    public int BreakSeconds { get; set; } = 5;
}
