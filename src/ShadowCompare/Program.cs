using System.CommandLine;
using ShadowCompare.Cli;

var root = new RootCommand("ShadowCompare: compare shadow and candidate model versions with the primary, report, and gate promotions.")
{
    ServeCommand.Create(),
    DiffCommand.Create(),
    ReplayCommand.Create(),
    ReportCommand.Create(),
    GateCommand.Create(),
};

// Usage errors exit 2, so that 1 stays the gate's "failed".
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return 2;
}

return await parse.InvokeAsync();
