using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Testing;

/// <summary>A service started as its own process on 127.0.0.1 with a free port, found from its "Now listening on" lines once it says it has started.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private ServiceProcess(Process process, IReadOnlyList<Uri> addresses, List<string> output)
    {
        _process = process;
        _output = output;
        Address = addresses[0];
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        AdminClient = addresses.Count > 1 ? new HttpClient { BaseAddress = addresses[1], Timeout = TimeSpan.FromSeconds(60) } : null;
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>A client for the second listener, when there is one: the gateway's admin listener (<c>Gateway:AdminUrls</c>).</summary>
    public HttpClient? AdminClient { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Every line the process has written to standard output and error so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The process's resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Starts <c>dotnet {project}.dll</c> from the project's own build output (same configuration as the tests), so it
    /// reads its own appsettings.json as in production, with the given command-line settings on top.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string project, params string[] arguments)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var output = Path.Combine(RepositoryPaths.Root, "src", project, "bin", configuration, "net10.0");
        var assembly = project + ".dll";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(output, assembly));
        // A command (ShadowCompare's serve) comes before the settings.
        var command = arguments.TakeWhile(a => !a.StartsWith('-')).ToList();
        foreach (var argument in command.Append("--urls").Append("http://127.0.0.1:0").Concat(arguments.Skip(command.Count)))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<IReadOnlyList<Uri>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var addresses = new List<Uri>();
        process.OutputDataReceived += (_, e) => Collect(e.Data, lines, addresses, listening);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, lines, addresses, listening);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
            if (first == exited)
            {
                throw new InvalidOperationException($"exited with code {process.ExitCode}");
            }

            return new ServiceProcess(process, await listening.Task, lines);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{assembly} did not start:\n{string.Join('\n', lines)}", e);
        }
    }

    /// <summary>Runs a service that is expected to stop by itself (refusing its settings, say): its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string project, params string[] arguments)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var output = Path.Combine(RepositoryPaths.Root, "src", project, "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(output, project + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{project} did not stop within a minute");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public Task WaitUntilReadyAsync(string path) => Readiness.WaitAsync(Client, path);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AdminClient?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // Kestrel says where it listens, one line per listener in the order they were bound, before the host says it has started.
    private static void Collect(string? line, List<string> lines, List<Uri> addresses, TaskCompletionSource<IReadOnlyList<Uri>> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                addresses.Add(new Uri(match.Groups[1].Value));
            }
            else if (line.Contains("Application started.", StringComparison.Ordinal) && addresses.Count > 0)
            {
                listening.TrySetResult([.. addresses]);
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
