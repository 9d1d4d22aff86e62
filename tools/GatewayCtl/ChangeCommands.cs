using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayCtl;

/// <summary>The commands that change something: canary, rollback, promote, rollback-promotion, set-version. Each prints the change the gateway recorded.</summary>
internal static class ChangeCommands
{
    public static IEnumerable<Command> Create()
    {
        var model = new Argument<string>("model") { Description = "The model." };
        var reason = new Argument<string>("reason") { Description = "Why, for the audit trail.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "" };

        var percent = new Argument<double>("percent") { Description = "The canary's share of callers, 0 to 100." };
        // NaN and infinities parse as numbers, but no JSON can carry them: refused here, as a usage error.
        percent.Validators.Add(result =>
        {
            // Only a token that parses: one that does not already has the parser's own error.
            if (result.Tokens is [var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsFinite(value))
            {
                result.AddError("percent must be a number from 0 to 100.");
            }
        });
        var canary = new Command("canary", "Set the canary's share of callers.") { model, percent, reason };
        Change(canary, HttpMethod.Put, p => $"admin/models/{Name(p, model)}/canary", p => new JsonObject { ["percent"] = p.GetValue(percent), ["reason"] = p.GetValue(reason) });
        yield return canary;

        var rollback = new Command("rollback", "Send the canary's callers back to stable at once (canary to 0 %).") { model, reason };
        Change(rollback, HttpMethod.Post, p => $"admin/models/{Name(p, model)}/rollback", p => new JsonObject { ["reason"] = p.GetValue(reason) });
        yield return rollback;

        var force = new Option<bool>("--force") { Description = "Promote even if ShadowCompare's gate fails it (needs a reason)." };
        var promote = new Command("promote", "Make the canary's version stable's, and the canary 0 %.") { model, reason, force };
        Change(promote, HttpMethod.Post, p => $"admin/models/{Name(p, model)}/promote",
            p => new JsonObject { ["reason"] = p.GetValue(reason), ["force"] = p.GetValue(force) });
        yield return promote;

        var undo = new Command("rollback-promotion", "Put stable back on the version the last promotion replaced.") { model, reason };
        Change(undo, HttpMethod.Post, p => $"admin/models/{Name(p, model)}/rollback-promotion", p => new JsonObject { ["reason"] = p.GetValue(reason) });
        yield return undo;

        var track = new Argument<string>("track") { Description = "stable or canary." };
        track.AcceptOnlyFromAmong("stable", "canary");
        var version = new Argument<string>("version") { Description = "The version the track's ModelHosts serve." };
        var setVersion = new Command("set-version", "Set the version a track's ModelHosts serve.") { model, track, version, reason };
        Change(setVersion, HttpMethod.Put, p => $"admin/models/{Name(p, model)}/versions/{p.GetValue(track)}",
            p => new JsonObject { ["version"] = p.GetValue(version), ["reason"] = p.GetValue(reason) });
        yield return setVersion;
    }

    /// <summary>A change for people: a share moved, or versions promoted or set.</summary>
    public static string Describe(JsonElement record)
    {
        if (record.TryGetProperty("promoted", out var promoted) && promoted.ValueKind == JsonValueKind.Object)
        {
            var score = Output.Text(promoted, "release_score");
            return $"stable {Or(Output.Text(promoted, "from"), "?")} → {Output.Text(promoted, "to")}{(score.Length == 0 ? "" : $", release score {score}")}";
        }

        if (record.TryGetProperty("track", out _))
        {
            return $"{Output.Text(record, "track")} {Or(Output.Text(record, "previous"), "?")} → {Output.Text(record, "version")}";
        }

        return string.Create(CultureInfo.InvariantCulture, $"canary {Output.Text(record, "old_percent")} % → {Output.Text(record, "new_percent")} %");
    }

    private static void Change(Command command, HttpMethod method, Func<ParseResult, string> path, Func<ParseResult, JsonObject> body) =>
        AdminAction.Set(command, async (parse, client, cancellationToken) =>
        {
            var answer = await client.SendAsync(method, path(parse), body(parse), cancellationToken);
            if (parse.GetValue(GlobalOptions.Json))
            {
                Output.Json(answer);
                return;
            }

            var model = Output.Text(answer, "model");
            var why = Output.Text(answer, "reason");
            Output.Line($"{model}: {Describe(answer)}{(why.Length == 0 ? "" : $" ({why})")}");
        });

    private static string Name(ParseResult parse, Argument<string> model) => Uri.EscapeDataString(parse.GetValue(model)!);

    private static string Or(string text, string fallback) => text.Length == 0 ? fallback : text;
}
