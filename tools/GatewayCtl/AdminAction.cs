using System.CommandLine;

namespace GatewayCtl;

/// <summary>Runs a command's call: its exit code, with a failure's message on stderr.</summary>
internal static class AdminAction
{
    // One client for the process; each call has the same generous timeout (a promotion waits for every host to load).
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static void Set(Command command, Func<ParseResult, AdminClient, CancellationToken, Task> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await action(parse, GlobalOptions.Client(parse, Http), cancellationToken);
                return ExitCodes.Done;
            }
            catch (AdminCallException e)
            {
                await Console.Error.WriteLineAsync($"gatewayctl: {e.Message}");
                return e.ExitCode;
            }
        });
}
