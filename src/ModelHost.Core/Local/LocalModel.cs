using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using ModelHost.Batching;
using ModelHost.Inference;
using ModelHost.Protocol;
using ModelHost.Store;
using ModelHost.Telemetry;

namespace ModelHost.Local;

/// <summary>
/// One model version served inside the calling process, with what a ModelHost serves it with: the same store, checks,
/// warm-up, session, batching and JSON. <see cref="PredictAsync"/> answers as <c>POST /v1/models/{name}:predict</c> does.
/// </summary>
public sealed class LocalModel : IAsyncDisposable
{
    private const long MaxTensorElements = 16 * 1024 * 1024;
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 32 };
    private readonly LoadedModel _model;
    private readonly HttpClient? _http;
    private readonly Meter _meter;

    private LocalModel(LoadedModel model, HttpClient? http, Meter meter) => (_model, _http, _meter) = (model, http, meter);

    /// <summary>The model's name.</summary>
    public string Name => _model.Name;

    /// <summary>The version served.</summary>
    public string Version => _model.Version;

    /// <summary>Fetches, checks, loads and warms up one version from a model store.</summary>
    /// <param name="store">The store: a folder (relative to the working directory), or an https base URL (plain http to loopback only).</param>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version: a semantic version the store holds, or <c>latest</c> (its highest stable one).</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <exception cref="InvalidOperationException">The version cannot be served; the message names model, version and cause.</exception>
    public static async Task<LocalModel> LoadAsync(string store, string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (!ModelName.IsValid(name))
        {
            throw new InvalidOperationException($"'{name}' is not a model name: letters, digits, '.', '_' and '-', from a letter or digit.");
        }

        if (!ModelVersion.IsValidRequest(version))
        {
            throw new InvalidOperationException($"model '{name}': '{version}' is neither a semantic version (1.2.0, 2.0.0-rc.1) nor '{ModelHostConfig.LatestVersion}'.");
        }

        var http = HttpModelStore.IsHttpUrl(store) ? new HttpClient { Timeout = TimeSpan.FromMinutes(5) } : null;
        var meter = new Meter(ModelHostConfig.InstrumentationName);
        try
        {
            // As a ModelHost refuses it: anything on a plain-http path could swap the weights and the digest beside them.
            if (http is not null && !HttpModelStore.IsTrusted(new Uri(store)))
            {
                throw new InvalidOperationException($"the model store '{store}' is plain http to a host other than loopback: use https.");
            }

            IModelStore source = http is null
                ? new FolderModelStore(Path.GetFullPath(store))
                : new HttpModelStore(http, new Uri(store.TrimEnd('/') + "/"), Path.Combine(Path.GetTempPath(), "modelhost-cache"), 1L << 30);
            var served = version == ModelHostConfig.LatestVersion
                ? ModelVersion.Resolve(version, (await source.ListAsync(cancellationToken)).GetValueOrDefault(name) ?? [])
                    ?? throw new InvalidOperationException($"model '{name}': the store has no stable version to serve as '{ModelHostConfig.LatestVersion}'.")
                : version;
            var loader = new ModelLoader(source, ModelHostMetrics.On(meter), TimeProvider.System);
            var model = await loader.LoadAsync(name, served, new LoadSettings(IntraOpThreads: 1, new BatchingOptions()), cancellationToken);
            return new LocalModel(model, http, meter);
        }
        catch (Exception e)
        {
            http?.Dispose();
            meter.Dispose();
            if (e is ModelStoreException)
            {
                throw new InvalidOperationException(e.Message, e);
            }

            throw;
        }
    }

    /// <summary>Answers a predict request: its body is <c>{"instances": [{feature: value, …}, …]}</c>.</summary>
    /// <param name="body">The request body, JSON.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The status a ModelHost would answer with, and its body: the predictions, or <c>{"error": "…"}</c>.</returns>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public async Task<LocalAnswer> PredictAsync(string body, CancellationToken cancellationToken = default)
    {
        // A lease holds the session until this answer is written, however soon the model is disposed.
        ObjectDisposedException.ThrowIf(!_model.TryAcquire(), this);

        try
        {
            return await AnswerAsync(body, cancellationToken);
        }
        finally
        {
            _model.Release();
        }
    }

    private async Task<LocalAnswer> AnswerAsync(string body, CancellationToken cancellationToken)
    {
        if (_model.Manifest is not { Inputs.Count: > 0 } manifest)
        {
            return Error(400, $"model '{Name}' version '{Version}' has no feature mapping in model.json; it takes tensors only");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, BodyOptions);
        }
        catch (JsonException e)
        {
            return Error(400, $"the body is not JSON: {e.Message}");
        }

        // The document lives until the run is done, as a ModelHost's request body does.
        InferenceOutcome outcome;
        using (document)
        {
            if (!PredictRequestReader.TryRead(document.RootElement, manifest, _model.Session, MaxTensorElements, out var request, out var invalid))
            {
                return Error(400, invalid);
            }

            using var activity = ModelHostActivitySource.StartInference(Name, Version);
            outcome = await _model.Scheduler.RunAsync(request, cancellationToken);
            activity?.SetTag("outcome", outcome.Error?.Kind.ToString() ?? "Success");
        }

        if (outcome.Error is { } error)
        {
            return Error(error.Kind switch { InferenceErrorKind.BadRequest => 400, InferenceErrorKind.NotFound => 404, _ => 503 }, error.Message);
        }

        var answer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(answer))
        {
            ProtocolResponseWriter.WritePredict(writer, _model, manifest, outcome.Outputs!);
        }

        return new LocalAnswer(200, Encoding.UTF8.GetString(answer.WrittenSpan));
    }

    /// <summary>Takes no more calls; stops the scheduler and frees the session once the answers in progress are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _model.Retire();
        await _model.Drained;
        _http?.Dispose();
        _meter.Dispose();
    }

    private static LocalAnswer Error(int status, string message) => new(status, JsonSerializer.Serialize(new { error = message }));
}
