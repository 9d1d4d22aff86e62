using System.CommandLine;
using Spectre.Console;

namespace GatewayCtl;

/// <summary><c>audit [model]</c>: the newest changes first.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("model") { Description = "One model's changes; every model's without.", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "How many changes, 1 to 10,000.", DefaultValueFactory = _ => 20 };
        var command = new Command("audit", "The newest changes first: who changed what, from what to what, and why.") { model, limit };
        AdminAction.Set(command, async (parse, client, cancellationToken) =>
        {
            var name = parse.GetValue(model);
            var query = $"admin/audit?limit={parse.GetValue(limit)}{(name is null ? "" : "&model=" + Uri.EscapeDataString(name))}";
            var answer = await client.SendAsync(HttpMethod.Get, query, null, cancellationToken);
            if (parse.GetValue(GlobalOptions.Json))
            {
                Output.Json(answer);
                return;
            }

            var table = new Table().AddColumns("time", "model", "action", "actor", "change", "reason");
            foreach (var record in answer.GetProperty("records").EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(Output.Text(record, "time")), Markup.Escape(Output.Text(record, "model")), Markup.Escape(Output.Text(record, "action")),
                    Markup.Escape(Output.Text(record, "actor")), Markup.Escape(ChangeCommands.Describe(record)), Markup.Escape(Output.Text(record, "reason")));
            }

            Output.Table(table);
        });
        return command;
    }
}
