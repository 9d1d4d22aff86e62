using System.Diagnostics;
using System.Net.Sockets;
using Stack.Topology;

namespace Stack.Launch;

/// <summary>One started process of the stack: its output, its exit, and whether it serves yet.</summary>
public sealed class RunningService : IAsyncDisposable
{
    private const int KeptLines = 2000;
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly StreamWriter? _log;
    private readonly Action<ServiceSpec, string> _echo;

    private RunningService(ServiceSpec spec, Process process, StreamWriter? log, Action<ServiceSpec, string> echo)
    {
        (Spec, _process, _log, _echo) = (spec, process, log, echo);
        Exited = process.WaitForExitAsync();
    }

    /// <summary>What was started.</summary>
    public ServiceSpec Spec { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    /// <summary>Its exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines it wrote, standard output and error together.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Writes its files, then starts it with its output read line by line.</summary>
    public static RunningService Start(ServiceSpec spec, Action<ServiceSpec, string> echo)
    {
        Directory.CreateDirectory(spec.WorkingDirectory);
        foreach (var (path, text) in spec.Files)
        {
            StackSecrets.Write(Path.GetDirectoryName(path)!, Path.GetFileName(path), text);
        }

        var start = new ProcessStartInfo(spec.Program) { WorkingDirectory = spec.WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        var log = spec.LogFile is { } file ? new StreamWriter(file, append: true) { AutoFlush = true } : null;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{spec.Name}: {spec.Program} did not start");
        var service = new RunningService(spec, process, log, echo);
        process.OutputDataReceived += (_, e) => service.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => service.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until it serves; fails with its last lines when it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await ServesAsync(cancellationToken))
        {
            if (Exited.IsCompleted)
            {
                throw new InvalidOperationException($"{Spec.Name} exited with code {ExitCode} before it served:\n{string.Join('\n', Output.TakeLast(30))}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Spec.Name} did not serve {Spec.Ready} within {timeout.TotalSeconds:0} s:\n{string.Join('\n', Output.TakeLast(30))}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Asks it to stop (SIGTERM) and waits up to <paramref name="grace"/> before killing it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!Exited.IsCompleted && Signals.AskToStop(_process.Id))
        {
            await Task.WhenAny(Exited, Task.Delay(grace));
        }

        if (!Exited.IsCompleted)
        {
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
    }

    private async Task<bool> ServesAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Spec.Ready.Scheme == "tcp")
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Spec.Ready.Host, Spec.Ready.Port, cancellationToken);
                return true;
            }

            using var answer = await Probe.GetAsync(Spec.Ready, cancellationToken);
            return answer.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            if (_lines.Count == KeptLines)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
            if (_log is not null)
            {
                _log.WriteLine(line);
                return;
            }
        }

        _echo(Spec, line);
    }
}
