using System.Diagnostics;

namespace Testing;

/// <summary>Runs a command to completion and returns its exit code and output: a project's own build output (<c>dotnet {project}.dll</c>) or a program on the PATH.</summary>
public static class CommandRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static Task<Outcome> RunProjectAsync(string project, string workingDirectory, params string[] arguments)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var assembly = Path.Combine(RepositoryPaths.Root, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return RunAsync("dotnet", workingDirectory, [assembly, .. arguments]);
    }

    public static async Task<Outcome> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            // Once killed, its pipes close: what it had printed says where it was.
            await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(TimeSpan.FromSeconds(5)));
            var printed = (output.IsCompletedSuccessfully ? output.Result : "") + (error.IsCompletedSuccessfully ? error.Result : "");
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 10 minutes; it had printed:\n{printed}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
