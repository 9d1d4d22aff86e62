using Microsoft.Extensions.Options;
using ModelHost.Batching;
using Settings;

namespace ModelHost;

/// <summary>Configuration of a ModelHost, bound from the <c>ModelHost</c> section.</summary>
public sealed class ModelHostOptions
{
    /// <summary>The model store: a folder path, or an <c>http://</c> or <c>https://</c> base URL.</summary>
    /// <value>Defaults to <c>models</c>, relative to the working directory.</value>
    public string Store { get; set; } = "models";

    /// <summary>
    /// Where the Open Inference Protocol's gRPC form is served, HTTP/2 only (<c>;</c>-separated URLs, each naming its
    /// port, such as <c>http://127.0.0.1:8091</c>; <c>https</c> for TLS).
    /// </summary>
    /// <value>Empty by default: no gRPC listener.</value>
    public string GrpcUrls { get; set; } = "";

    /// <summary>
    /// Whether <see cref="Store"/> may be a plain <c>http://</c> URL to a host other than loopback. Off, such a store
    /// stops start-up: anything on the path could swap the weights or the manifest's digest.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool AllowInsecureStore { get; set; }

    /// <summary>The largest weights file fetched from an HTTP store, in bytes; a larger one fails the load, and nothing past the limit is written.</summary>
    /// <value>Defaults to 1 GiB; 1 KiB to 64 GiB.</value>
    [SettingRange(1024, 64L << 30)]
    public long MaxModelBytes { get; set; } = 1L << 30;

    /// <summary>Where weights downloaded from an HTTP store are cached, verified, between runs.</summary>
    /// <value>Defaults to <c>modelhost-cache</c> under the system temporary folder.</value>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "modelhost-cache");

    /// <summary>Which version of each model to serve: a semantic version or <c>latest</c>.</summary>
    /// <value>Empty by default: every model in the store is served at its highest stable version.</value>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Versions pinned at run time through the repository API (<c>POST /v2/repository/models/{name}/load</c>), by model; they win over <see cref="Models"/>.</summary>
    /// <value>Empty by default; written to <see cref="PinsFile"/>, which is read as configuration.</value>
    public Dictionary<string, string> Pins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The file the repository API keeps its pins in, so a restarted host serves what it was last told to.</summary>
    /// <value>Defaults to <c>modelhost-pins.json</c>, relative to the working directory.</value>
    public string PinsFile { get; set; } = "modelhost-pins.json";

    /// <summary>
    /// The track this host serves (<c>stable</c>, <c>canary</c>, …). When set, the host reports itself to the control
    /// plane each second (<c>ControlPlane</c> section) and serves the version the control plane desires for its track,
    /// ahead of <see cref="Models"/> and <see cref="Pins"/>. Empty keeps it out of the control plane.
    /// </summary>
    /// <value>Empty by default.</value>
    public string Track { get; set; } = "";

    /// <summary>The base URL the gateway reaches this host at, as reported to the control plane (in Kubernetes, the pod's IP).</summary>
    /// <value>Empty by default: the first address the host listens on, with a wildcard host replaced by the machine's name.</value>
    public string AdvertisedUrl { get; set; } = "";

    /// <summary>The bearer token the repository API's load and unload calls need; empty turns those calls off.</summary>
    /// <value>Empty by default; at least 16 characters when set.</value>
    [Secret(16)]
    public string AdminToken { get; set; } = "";

    /// <summary>Threads ONNX Runtime may use inside one operator of one run.</summary>
    /// <value>Defaults to 1, measured best on a 2-core machine where requests already run in parallel (docs/measurements/performance-history.md); 1 to 64.</value>
    [SettingRange(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413.</summary>
    /// <value>Defaults to 32 MiB, room for a few 224×224 images as JSON; 1 KiB to 1 GiB.</value>
    [SettingRange(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The most elements one input tensor may declare.</summary>
    /// <value>Defaults to 16,777,216 (64 MiB of FP32); 1 to 2^31-1.</value>
    [SettingRange(1, int.MaxValue)]
    public long MaxTensorElements { get; set; } = 16 * 1024 * 1024;

    /// <summary>How requests are batched or run concurrently, for every model unless <see cref="BatchingOverrides"/> names it.</summary>
    [ValidateObjectMembers]
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>Per-model batching settings, by model name, replacing <see cref="Batching"/> for that model.</summary>
    public Dictionary<string, BatchingOptions> BatchingOverrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The batching settings for one model.</summary>
    /// <param name="model">The model name.</param>
    /// <returns>The model's override, or the default.</returns>
    public BatchingOptions BatchingFor(string model) =>
        BatchingOverrides.TryGetValue(model, out var own) ? own : Batching;
}
