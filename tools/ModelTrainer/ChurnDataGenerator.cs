namespace ModelTrainer;

/// <summary>Makes synthetic customers whose churn depends on the features non-linearly, from a fixed seed.</summary>
internal static class ChurnDataGenerator
{
    private static readonly string[] Contracts = ["month-to-month", "one-year", "two-year"];
    private static readonly string[] PaymentMethods = ["electronic-check", "mailed-check", "bank-transfer", "credit-card"];

    public static List<ChurnRecord> Generate(int count, int seed)
    {
        // Random(seed) is the framework's stable seeded generator: the same seed gives the same rows on every run.
        var random = new Random(seed);
        var rows = new List<ChurnRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var contract = Contracts[Pick(random, 0.55, 0.25)];
            var tenure = contract switch
            {
                "month-to-month" => random.Next(1, 37),
                "one-year" => random.Next(6, 61),
                _ => random.Next(12, 73),
            };
            var monthly = (float)Math.Round(20 + (random.NextDouble() * 100), 2);
            var support = (float)Math.Min(9, Math.Floor(-Math.Log(1 - random.NextDouble()) * 1.5));
            var row = new ChurnRecord
            {
                TenureMonths = tenure,
                MonthlyCharges = monthly,
                TotalCharges = (float)Math.Round(tenure * monthly * (0.9 + (random.NextDouble() * 0.2)), 2),
                SupportCalls = support,
                Contract = contract,
                PaymentMethod = PaymentMethods[random.Next(PaymentMethods.Length)],
                PaperlessBilling = random.NextDouble() < 0.6,
                SeniorCitizen = random.NextDouble() < 0.16,
            };
            row.Churned = random.NextDouble() < Sigmoid(Logit(row));
            rows.Add(row);
        }

        return rows;
    }

    private static int Pick(Random random, double first, double second)
    {
        var draw = random.NextDouble();
        return draw < first ? 0 : draw < first + second ? 1 : 2;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    // Interactions (short tenure with many support calls, high charges on a monthly contract) are what
    // a tree ensemble can learn and a linear model cannot, so the shipped versions really differ.
    private static double Logit(ChurnRecord r) =>
        -1.2
        + (r.Contract switch { "month-to-month" => 1.5, "one-year" => 0.0, _ => -1.3 })
        - (0.045 * r.TenureMonths)
        + (0.02 * (r.MonthlyCharges - 65))
        + (0.3 * r.SupportCalls)
        + (r.PaymentMethod == "electronic-check" ? 0.6 : 0.0)
        + (r.SeniorCitizen ? 0.4 : 0.0)
        + (r.PaperlessBilling ? 0.3 : 0.0)
        + (r.SupportCalls >= 3 && r.TenureMonths < 12 ? 1.8 : 0.0)
        + (r.MonthlyCharges > 95 && r.Contract == "month-to-month" ? 1.0 : 0.0);
}
