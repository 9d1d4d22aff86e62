using System.Globalization;
using System.Text;

namespace Gateway.Micro;

/// <summary>
/// Distinct churn request bodies, drawn as bench/wrk-realistic.lua draws them: one instance valid under
/// schemas/churn/v1/request.schema.json, features uniform within their realistic ranges. Seeded, so runs compare.
/// </summary>
internal static class ChurnBodies
{
    /// <summary>How many bodies a benchmark cycles through: a power of two, so the next index is a mask.</summary>
    public const int Count = 4096;

    private static readonly string[] Contracts = ["month-to-month", "one-year", "two-year"];
    private static readonly string[] Payments = ["electronic-check", "mailed-check", "bank-transfer", "credit-card"];

    public static byte[][] Create()
    {
        var random = new Random(42);
        var bodies = new byte[Count][];
        for (var i = 0; i < Count; i++)
        {
            var tenure = random.Next(0, 73);
            var monthly = 18 + (random.NextDouble() * 102);
            var total = tenure * monthly * (0.95 + (random.NextDouble() * 0.1));
            bodies[i] = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $$"""{"instances":[{"tenure_months":{{tenure}},"monthly_charges":{{monthly:F2}},"total_charges":{{total:F2}},"support_calls":{{random.Next(0, 11)}},"contract":"{{Contracts[random.Next(3)]}}","payment_method":"{{Payments[random.Next(4)]}}","paperless_billing":{{Flag(random)}},"senior_citizen":{{Flag(random)}}}]}"""));
        }

        return bodies;
    }

    private static string Flag(Random random) => random.Next(2) == 0 ? "true" : "false";
}
