namespace Gateway.Canary;

/// <summary>How traffic is split between each model's stable and canary tracks (<c>Gateway:Canary</c>).</summary>
public sealed class CanaryOptions
{
    /// <summary>The feature flags file (Microsoft.FeatureManagement's <c>feature_management</c> schema) that holds each model's canary share; reloaded on change, written by the admin API.</summary>
    /// <value>Defaults to <c>flags.json</c>, relative to the working directory.</value>
    public string FlagsFile { get; set; } = "flags.json";

    /// <summary>The JSON Lines file every canary change is appended to: when, who, old and new share, reason.</summary>
    /// <value>Defaults to <c>flags.audit.jsonl</c>, relative to the working directory.</value>
    public string AuditFile { get; set; } = "flags.audit.jsonl";

    /// <summary>The API key callers (by name) whose <c>X-Canary: always|never</c> header is honoured; <c>*</c> honours everyone's.</summary>
    /// <value>Defaults to none: the header is ignored.</value>
    public List<string> OverrideCallers { get; set; } = [];

    /// <summary>
    /// Client addresses that many callers share (load balancers, NAT gateways): a call from one of them with no API key
    /// and no <c>X-User-Id</c> draws its track at random instead of sticking to the address. Loopback is always shared.
    /// </summary>
    /// <value>Defaults to none besides loopback.</value>
    public List<string> SharedAddresses { get; set; } = [];

    /// <summary>The automated comparison of each canary with its stable track.</summary>
    public CanaryAnalysisOptions Analysis { get; set; } = new();
}
