using ControlPlane;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Flags;

/// <summary>
/// The flags in force on this replica: the control plane's flags document (<see cref="DocumentName"/>) as its own
/// configuration root (kept apart from the gateway's settings), which Microsoft.FeatureManagement evaluates, plus each
/// model's canary share and shadow sample read from it. Until the store is read it holds the seed file
/// (<c>Gateway:Canary:FlagsFile</c>); an invalid document never takes effect, the last good one stays.
/// </summary>
internal sealed class CanaryFlags
{
    /// <summary>The flags document's name in the control plane.</summary>
    public const string DocumentName = "flags";

    private readonly FlagsConfigurationProvider _provider = new();
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<CanaryFlags> _logger;
    private readonly Lock _applying = new();
    private volatile Dictionary<string, double> _shares;
    private volatile Dictionary<string, double> _samples;
    private volatile Dictionary<string, string> _localSafety = new(StringComparer.Ordinal);

    public CanaryFlags(IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<CanaryFlags> logger)
    {
        _metrics = metrics;
        _logger = logger;
        SeedPath = Path.GetFullPath(options.Value.Canary.FlagsFile);
        SeedContent = File.Exists(SeedPath) ? File.ReadAllText(SeedPath) : FlagsDocument.Empty;
        var (data, error) = FlagsConfigurationProvider.Parse(SeedContent);
        if (data is null)
        {
            throw new ConfigurationException($"The flags file {SeedPath} ({GatewayConfig.Section}:Canary:FlagsFile) is not valid: {error}");
        }

        _provider.Replace(data);
        Root = new ConfigurationRoot([_provider]);
        Content = SeedContent;
        _shares = FlagsDocument.ReadShares(Root);
        _samples = FlagsDocument.ReadSamples(Root);
    }

    /// <summary>
    /// A model's canary share has just risen from 0 %, from the admin API, another replica or an edit of the document.
    /// Raised before any call is routed under the new share.
    /// </summary>
    public event Action<string>? CanaryRaised;

    /// <summary>The seed file's full path: the flags a new, empty control plane starts from.</summary>
    public string SeedPath { get; }

    /// <summary>The seed file's content, read at start-up.</summary>
    public string SeedContent { get; }

    /// <summary>The flags as configuration, for Microsoft.FeatureManagement.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>The control plane's version of the flags in force; 0 while only the seed is.</summary>
    public long Version { get; private set; }

    /// <summary>The flags document in force, as JSON text.</summary>
    public string Content { get; private set; }

    /// <summary>The canary share of a model, in percent: 0 when its flag is missing or disabled, or while local safety holds it.</summary>
    public double Share(string model) => _localSafety.Count > 0 && _localSafety.ContainsKey(model) ? 0 : _shares.GetValueOrDefault(model);

    /// <summary>The canary share the flags set for a model, whatever local safety does.</summary>
    public double ConfiguredShare(string model) => _shares.GetValueOrDefault(model);

    /// <summary>The share of a model's answered requests mirrored to its shadows, in percent: 0 when its flag is missing or off.</summary>
    public double ShadowSample(string model) => _samples.GetValueOrDefault(model);

    /// <summary>Why this replica sends a model's canary traffic to stable on its own, or null when it does not.</summary>
    public string? LocalSafety(string model) => _localSafety.GetValueOrDefault(model);

    /// <summary>
    /// Puts a newer version of the flags document in force. An invalid one is refused, counted and logged, and the
    /// last good flags stay. Returns whether it took effect.
    /// </summary>
    /// <param name="document">The document read from the control plane.</param>
    /// <param name="rebase">Whether to take it even if its version is not newer: the store was emptied and seeded again.</param>
    public bool Apply(StoredDocument document, bool rebase = false)
    {
        var (data, error) = FlagsConfigurationProvider.Parse(document.Content);
        if (data is null)
        {
            _metrics.RecordFlagsRejected();
            Log.FlagsRejected(_logger, document.Version, error);
            return false;
        }

        lock (_applying)
        {
            if (document.Version <= Version && !rebase)
            {
                // An older read that lost a race with a write this replica made itself.
                return true;
            }

            var shares = FlagsDocument.ReadShares(new ConfigurationBuilder().AddInMemoryCollection(data).Build());
            foreach (var (model, share) in shares)
            {
                if (share > 0 && ConfiguredShare(model) <= 0)
                {
                    // Before the new share is published, so no call it routes to the canary is forgotten.
                    CanaryRaised?.Invoke(model);
                }
            }

            Version = document.Version;
            Content = document.Content;
            _shares = shares;
            _provider.Replace(data);
            _samples = FlagsDocument.ReadSamples(Root);
        }

        Log.FlagsApplied(_logger, document.Version);
        return true;
    }

    /// <summary>
    /// Sends a model's canary traffic to stable on this replica alone (<paramref name="reason"/>), or stops doing so
    /// (null): what a replica does when its canary fails and it cannot reach the control plane to roll it back.
    /// </summary>
    public void SetLocalSafety(string model, string? reason)
    {
        var next = new Dictionary<string, string>(_localSafety, StringComparer.Ordinal);
        if (reason is null ? !next.Remove(model) : next.TryGetValue(model, out var was) && was == reason)
        {
            return;
        }

        if (reason is not null)
        {
            next[model] = reason;
        }

        _localSafety = next;
        // Assignments remembered under the old share are forgotten, as after any change of the flags.
        _provider.Touch();
    }
}
