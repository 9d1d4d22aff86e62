using System.Globalization;
using System.Text.Json.Nodes;

namespace Gateway.Flags;

/// <summary>
/// The flags file's shape, in Microsoft.FeatureManagement's <c>feature_management</c> schema: one flag per model, named
/// <c>{model}.canary</c>, with variants <c>stable</c> and <c>canary</c> allocated by percentile. The canary holds the
/// range [0, p) and stable [p, 100): a caller's bucket never moves, so raising p only ever adds callers to the canary.
/// </summary>
internal static class FlagsDocument
{
    public const string Section = "feature_management";
    public const string FlagsKey = "feature_flags";

    /// <summary>A flags document with no flags: what an unset seed file means.</summary>
    public const string Empty = """{"feature_management":{"feature_flags":[]}}""";

    public const string ShadowSuffix = ".shadow";
    public const string PercentageFilter = "Microsoft.Percentage";

    public static string FlagId(string model) => $"{model}.{TrackNames.Canary}";

    /// <summary>The flag that samples a model's requests for mirroring: Microsoft.FeatureManagement's <c>Microsoft.Percentage</c> filter, a random draw per call.</summary>
    public static string ShadowFlagId(string model) => model + ShadowSuffix;

    /// <summary>Every reason the flags cannot be evaluated safely, naming the flag and key.</summary>
    public static List<string> Validate(IConfiguration flags)
    {
        var errors = new List<string>();
        foreach (var flag in flags.GetSection($"{Section}:{FlagsKey}").GetChildren())
        {
            var id = flag["id"];
            var where = $"{Section}:{FlagsKey}:{flag.Key}";
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add($"{where}:id is missing.");
                continue;
            }

            if (flag["enabled"] is { } enabled && !bool.TryParse(enabled, out _))
            {
                errors.Add($"{where} ('{id}'): enabled is '{enabled}', not true or false.");
            }

            foreach (var filter in flag.GetSection("conditions:client_filters").GetChildren().Where(f => f["name"] == PercentageFilter))
            {
                if (Percent(filter["parameters:Value"]) is null)
                {
                    errors.Add($"{where} ('{id}'): the {PercentageFilter} filter's parameters:Value must be from 0 to 100; it is '{filter["parameters:Value"]}'.");
                }
            }

            var variants = flag.GetSection("variants").GetChildren().Select(v => v["name"]).ToHashSet(StringComparer.Ordinal);
            foreach (var range in flag.GetSection("allocation:percentile").GetChildren())
            {
                var from = Percent(range["from"]);
                var to = Percent(range["to"]);
                if (from is null || to is null || from > to)
                {
                    errors.Add($"{where} ('{id}'): allocation:percentile:{range.Key} must have 0 <= from <= to <= 100; it has from '{range["from"]}', to '{range["to"]}'.");
                }

                if (!variants.Contains(range["variant"]))
                {
                    errors.Add($"{where} ('{id}'): allocation:percentile:{range.Key} names variant '{range["variant"]}', which is not under variants.");
                }
            }
        }

        return errors;
    }

    /// <summary>The canary share each model's flag sets, in percent; a model without a flag is absent.</summary>
    public static Dictionary<string, double> ReadShares(IConfiguration flags)
    {
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var flag in flags.GetSection($"{Section}:{FlagsKey}").GetChildren())
        {
            var id = flag["id"] ?? "";
            var suffix = "." + TrackNames.Canary;
            if (!id.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            // Like Microsoft.FeatureManagement, a flag without "enabled" is off.
            var enabled = bool.TryParse(flag["enabled"], out var on) && on;
            var share = flag.GetSection("allocation:percentile").GetChildren()
                .Where(r => r["variant"] == TrackNames.Canary)
                .Sum(r => (Percent(r["to"]) ?? 0) - (Percent(r["from"]) ?? 0));
            shares[id[..^suffix.Length]] = enabled ? Math.Clamp(share, 0, 100) : 0;
        }

        return shares;
    }

    /// <summary>The share of each model's requests its shadow flag samples, in percent: the Percentage filter's value, 100 for a flag on without filters, 0 when off.</summary>
    public static Dictionary<string, double> ReadSamples(IConfiguration flags)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var flag in flags.GetSection($"{Section}:{FlagsKey}").GetChildren())
        {
            var id = flag["id"] ?? "";
            if (!id.EndsWith(ShadowSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var filters = flag.GetSection("conditions:client_filters").GetChildren().ToList();
            var percentage = filters.FirstOrDefault(f => f["name"] == PercentageFilter);
            var on = bool.TryParse(flag["enabled"], out var enabled) && enabled;
            samples[id[..^ShadowSuffix.Length]] = !on ? 0 : filters.Count == 0 ? 100 : Percent(percentage?["parameters:Value"]) ?? 0;
        }

        return samples;
    }

    /// <summary>Sets a model's canary share in a flags document, adding the flag if it is missing; other flags are left as they are.</summary>
    public static void SetShare(JsonObject document, string model, double percent)
    {
        var management = document[Section] as JsonObject ?? [];
        document[Section] = management;
        var flags = management[FlagsKey] as JsonArray ?? [];
        management[FlagsKey] = flags;

        var id = FlagId(model);
        var existing = flags.OfType<JsonObject>().FirstOrDefault(f => (string?)f["id"] == id);
        var flag = Flag(id, model, percent, (string?)existing?["description"]);
        if (existing is null)
        {
            flags.Add(flag);
        }
        else
        {
            flags[flags.IndexOf(existing)] = flag;
        }
    }

    private static JsonObject Flag(string id, string model, double percent, string? description) => new()
    {
        ["id"] = id,
        ["description"] = description ?? $"Share of {model}'s callers on the canary track, sticky per caller.",
        ["enabled"] = true,
        ["variants"] = new JsonArray(new JsonObject { ["name"] = TrackNames.Stable }, new JsonObject { ["name"] = TrackNames.Canary }),
        ["allocation"] = new JsonObject
        {
            // A fixed seed per model: each caller keeps its bucket across every rewrite of the file.
            ["seed"] = id,
            ["default_when_enabled"] = TrackNames.Stable,
            ["default_when_disabled"] = TrackNames.Stable,
            ["percentile"] = new JsonArray(
                new JsonObject { ["variant"] = TrackNames.Canary, ["from"] = 0, ["to"] = percent },
                new JsonObject { ["variant"] = TrackNames.Stable, ["from"] = percent, ["to"] = 100 }),
        },
    };

    private static double? Percent(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100 ? value : null;
}
