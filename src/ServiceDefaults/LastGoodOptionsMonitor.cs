using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// An options monitor that keeps the last good settings: a configuration reload whose settings fail validation is
/// logged, one line per bad key, and ignored, so a mistyped value in a running service's settings file changes
/// nothing. Listeners hear of valid reloads only. (A validator in the options pipeline would instead throw from
/// <see cref="IOptionsMonitor{TOptions}.CurrentValue"/> on every read after a bad reload.)
/// </summary>
/// <typeparam name="TOptions">The settings.</typeparam>
public sealed partial class LastGoodOptionsMonitor<TOptions> : IOptionsMonitor<TOptions>, IDisposable
    where TOptions : class
{
    private readonly IOptionsMonitor<TOptions> _inner;
    private readonly IDisposable? _subscription;
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly List<Action<TOptions, string?>> _listeners = [];
    private TOptions _current;

    /// <summary>Follows <paramref name="inner"/>, taking each reload that <paramref name="validator"/> passes.</summary>
    /// <param name="inner">The options pipeline's own monitor.</param>
    /// <param name="validator">What a reload must pass.</param>
    /// <param name="logger">Where a refused reload is told.</param>
    public LastGoodOptionsMonitor(IOptionsMonitor<TOptions> inner, IValidateOptions<TOptions> validator, ILogger<LastGoodOptionsMonitor<TOptions>> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(validator);
        (_inner, _logger, _current) = (inner, logger, inner.CurrentValue);
        _subscription = inner.OnChange((next, name) =>
        {
            if (name is not null && name != Options.Options.DefaultName)
            {
                return;
            }

            var result = validator.Validate(name, next);
            if (result.Failed)
            {
                ReloadRefused(_logger, typeof(TOptions).Name, string.Join(" ", result.Failures));
                return;
            }

            Action<TOptions, string?>[] listeners;
            lock (_gate)
            {
                _current = next;
                listeners = [.. _listeners];
            }

            foreach (var listener in listeners)
            {
                listener(next, name);
            }
        });
    }

    /// <summary>The settings in force: the last that passed validation.</summary>
    public TOptions CurrentValue => Volatile.Read(ref _current);

    /// <summary>The settings in force for the default name; other names as the pipeline has them.</summary>
    /// <param name="name">The options' name.</param>
    public TOptions Get(string? name) => name is null || name == Options.Options.DefaultName ? CurrentValue : _inner.Get(name);

    /// <summary>Hears of each reload that passed validation.</summary>
    /// <param name="listener">Called with the new settings.</param>
    public IDisposable? OnChange(Action<TOptions, string?> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    /// <summary>Stops following the pipeline.</summary>
    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(1, LogLevel.Error, "A reload of the {Options} settings was refused; the last good settings stay: {Errors}")]
    private static partial void ReloadRefused(ILogger logger, string options, string errors);

    private sealed class Subscription(LastGoodOptionsMonitor<TOptions> monitor, Action<TOptions, string?> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (monitor._gate)
            {
                monitor._listeners.Remove(listener);
            }
        }
    }
}
