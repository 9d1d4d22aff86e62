using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace GatewayCtl;

/// <summary><c>status [model]</c>: each model's canary share, configured and realised, and each track's version, health and traffic.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("model") { Description = "One model; all without.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Each model's canary share (configured and realised), track versions, health and traffic.") { model };
        AdminAction.Set(command, async (parse, client, cancellationToken) =>
        {
            var name = parse.GetValue(model);
            var answer = await client.SendAsync(HttpMethod.Get, name is null ? "admin/models" : $"admin/models/{Uri.EscapeDataString(name)}", null, cancellationToken);
            if (parse.GetValue(GlobalOptions.Json))
            {
                Output.Json(answer);
                return;
            }

            foreach (var status in name is null ? [.. answer.GetProperty("models").EnumerateArray()] : (JsonElement[])[answer])
            {
                Write(status);
            }
        });
        return command;
    }

    private static void Write(JsonElement status)
    {
        var canary = status.GetProperty("canary");
        var realised = Output.Text(canary, "realised_percent");
        Output.Line(string.Create(CultureInfo.InvariantCulture,
            $"{Output.Text(status, "name")}: canary {Output.Text(canary, "configured_percent")} % configured, {(realised.Length == 0 ? "none" : realised + " %")} realised over the last {Output.Text(status, "window_seconds")} s ({Output.Text(status, "replicas")} replicas)"));
        if (Output.Text(canary, "local_safety") is { Length: > 0 } safety)
        {
            Output.Line($"  local safety: canary traffic sent to stable on this replica: {safety}");
        }

        var table = new Table().AddColumns("track", "version", "backends", "requests", "answers", "errors", "error rate", "p50 ms", "p99 ms");
        foreach (var track in status.GetProperty("tracks").EnumerateObject())
        {
            var t = track.Value;
            table.AddRow(
                Markup.Escape(track.Name), Markup.Escape(Output.Text(t, "model_version")), $"{Output.Text(t, "healthy_backends")}/{Output.Text(t, "backends")}",
                Output.Text(t, "requests"), Output.Text(t, "backend_answers"), Output.Text(t, "errors"),
                t.GetProperty("error_rate").GetDouble().ToString("P1", CultureInfo.InvariantCulture), Output.Text(t, "p50_ms"), Output.Text(t, "p99_ms"));
        }

        Output.Table(table);
        foreach (var (label, key) in new[] { ("last rollback", "last_rollback"), ("last promotion", "last_promotion") })
        {
            if (status.TryGetProperty(key, out var record) && record.ValueKind == JsonValueKind.Object)
            {
                Output.Line($"  {label}: {Output.Text(record, "time")} by {Output.Text(record, "actor")}: {Output.Text(record, "reason")}");
            }
        }
    }
}
