using Gateway.Telemetry;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gateway.Canary;

/// <summary>
/// The flags file in force: its own configuration root (kept apart from the gateway's settings), which
/// Microsoft.FeatureManagement evaluates, plus each model's canary share and shadow sample read from it on every reload.
/// </summary>
internal sealed class CanaryFlags : IDisposable
{
    private readonly IDisposable _subscription;
    private volatile Dictionary<string, double> _shares;
    private volatile Dictionary<string, double> _samples;

    public CanaryFlags(IOptions<GatewayOptions> options, GatewayMetrics metrics, ILogger<CanaryFlags> logger)
    {
        FilePath = Path.GetFullPath(options.Value.Canary.FlagsFile);
        var directory = Path.GetDirectoryName(FilePath)!;
        Directory.CreateDirectory(directory);
        var source = new FlagsFileSource
        {
            FileProvider = new PhysicalFileProvider(directory),
            Path = Path.GetFileName(FilePath),
            Optional = true,
            ReloadOnChange = true,
            ReloadDelay = 100,
            Rejected = reason =>
            {
                metrics.RecordFlagsRejected();
                Log.FlagsRejected(logger, FilePath, reason);
            },
        };
        try
        {
            Root = new ConfigurationBuilder().Add(source).Build();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"The flags file {FilePath} ({GatewayConfig.Section}:Canary:FlagsFile) is not valid: {e.InnerException?.Message ?? e.Message}", e);
        }

        _shares = FlagsDocument.ReadShares(Root);
        _samples = FlagsDocument.ReadSamples(Root);
        _subscription = ChangeToken.OnChange(Root.GetReloadToken, () =>
        {
            var shares = FlagsDocument.ReadShares(Root);
            foreach (var (model, share) in shares)
            {
                if (share > 0 && Share(model) <= 0)
                {
                    // Before the new share is published, so no call it routes to the canary is forgotten.
                    CanaryRaised?.Invoke(model);
                }
            }

            _shares = shares;
            _samples = FlagsDocument.ReadSamples(Root);
        });
    }

    /// <summary>
    /// A model's canary share has just risen from 0 %, from the admin API or an edit of the file. Raised on the reload,
    /// before any call is routed under the new share.
    /// </summary>
    public event Action<string>? CanaryRaised;

    /// <summary>The flags file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The flags as configuration, for Microsoft.FeatureManagement.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>The canary share of a model, in percent: 0 when its flag is missing or disabled.</summary>
    public double Share(string model) => _shares.GetValueOrDefault(model);

    /// <summary>The share of a model's answered requests mirrored to its shadows, in percent: 0 when its flag is missing or off.</summary>
    public double ShadowSample(string model) => _samples.GetValueOrDefault(model);

    /// <summary>Reads the file again now, rather than when the file watcher notices.</summary>
    public void Reload() => Root.Reload();

    public void Dispose()
    {
        _subscription.Dispose();
        (Root as IDisposable)?.Dispose();
    }
}
