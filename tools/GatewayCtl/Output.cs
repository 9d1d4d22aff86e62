using System.Text.Json;
using Spectre.Console;

namespace GatewayCtl;

/// <summary>Writes answers for people (tables, one line per change) or, with --json, as the gateway's JSON.</summary>
internal static class Output
{
    public static IAnsiConsole Console { get; set; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(System.Console.Out),
        // Redirected (a pipe, a file), lines are not cut at 80 columns.
        Ansi = System.Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
    });

    /// <summary>The answer as the gateway sent it, on one line (for jq, grep and the like).</summary>
    public static void Json(JsonElement answer) => System.Console.Out.WriteLine(answer.GetRawText());

    public static void Line(string text) => Console.WriteLine(text);

    public static void Table(Table table)
    {
        if (System.Console.IsOutputRedirected)
        {
            Console.Profile.Width = 240;
        }

        Console.Write(table);
    }

    public static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Null => "",
                JsonValueKind.Number => value.GetDouble().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                _ => value.GetRawText(),
            }
            : "";
}
