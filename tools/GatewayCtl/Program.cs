using System.CommandLine;
using GatewayCtl;

// gatewayctl: the gateway's admin API for people (tables) and scripts (--json). Exit codes: ExitCodes.cs.
var root = new RootCommand("gatewayctl: move canary traffic, roll back, promote, and see each track's health, on the gateway's admin API.")
{
    GlobalOptions.Url,
    GlobalOptions.Token,
    GlobalOptions.Json,
    StatusCommand.Create(),
    AuditCommand.Create(),
};
foreach (var command in ChangeCommands.Create())
{
    root.Subcommands.Add(command);
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"gatewayctl: {error.Message}");
    }

    Console.Error.WriteLine("gatewayctl --help shows the commands.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
