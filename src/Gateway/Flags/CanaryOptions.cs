using Gateway.Analysis;
using Microsoft.Extensions.Options;
using Settings;

namespace Gateway.Flags;

/// <summary>How traffic is split between each model's stable and canary tracks (<c>Gateway:Canary</c>).</summary>
public sealed class CanaryOptions
{
    /// <summary>
    /// The seed flags (Microsoft.FeatureManagement's <c>feature_management</c> schema, each model's canary share): what
    /// an empty control plane starts from, and what serves until it is first read. Never runtime state: changes go
    /// through the admin API into the control plane.
    /// </summary>
    /// <value>Defaults to <c>flags.json</c>, relative to the working directory.</value>
    public string FlagsFile { get; set; } = "flags.json";

    /// <summary>The API key callers (by name) whose <c>X-Canary: always|never</c> header is honoured; <c>*</c> honours everyone's.</summary>
    /// <value>Defaults to none: the header is ignored.</value>
    public List<string> OverrideCallers { get; set; } = [];

    /// <summary>
    /// Client addresses that many callers share (load balancers, NAT gateways): a call from one of them with no API key
    /// and no <c>X-User-Id</c> draws its track at random instead of sticking to the address. Loopback is always shared.
    /// </summary>
    /// <value>Defaults to none besides loopback.</value>
    [IpAddresses]
    public List<string> SharedAddresses { get; set; } = [];

    /// <summary>The automated comparison of each canary with its stable track.</summary>
    [ValidateObjectMembers]
    public CanaryAnalysisOptions Analysis { get; set; } = new();
}
