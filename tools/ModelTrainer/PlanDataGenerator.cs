namespace ModelTrainer;

/// <summary>Makes synthetic customers whose chosen plan depends on the features non-linearly, from a fixed seed.</summary>
internal static class PlanDataGenerator
{
    /// <summary>The four plans, ordered by value: the order of the probability vector of every plan version.</summary>
    private static readonly string[] Plans = ["basic", "family", "premium", "standard"];

    private static readonly string[] Regions = ["north", "south", "east", "west"];

    // How strongly the utilities decide the plan: higher is less noise, so higher accuracy for every learner.
    private const double Sharpness = 1.5;

    public static List<PlanRecord> Generate(int count, int seed)
    {
        // Random(seed) is the framework's stable seeded generator: the same seed gives the same rows on every run.
        var random = new Random(seed);
        var rows = new List<PlanRecord>(count);
        var utilities = new double[Plans.Length];
        for (var i = 0; i < count; i++)
        {
            var age = random.Next(18, 81);
            var household = 1 + (int)Math.Min(5, Math.Floor(-Math.Log(1 - random.NextDouble()) * 1.3));
            var row = new PlanRecord
            {
                Age = age,
                HouseholdSize = household,
                MonthlyDataGb = (float)Math.Round(Math.Min(200, Math.Exp(1.5 + (random.NextDouble() * 3)) * (age < 35 ? 1.6 : 1.0)), 1),
                StreamingHours = (float)Math.Round(random.NextDouble() * (age < 50 ? 80 : 40) * (household > 2 ? 1.4 : 1.0), 1),
                InternationalMinutes = random.NextDouble() < 0.7
                    ? 0
                    : (float)Math.Round(-Math.Log(1 - random.NextDouble()) * 120, 0),
                Region = Regions[random.Next(Regions.Length)],
            };
            Utilities(row, utilities);
            row.ChosenPlan = Plans[Sample(random, utilities)];
            rows.Add(row);
        }

        return rows;
    }

    // Draws a plan from the softmax of the utilities: the noise that keeps accuracy well short of 1.
    private static int Sample(Random random, double[] utilities)
    {
        var max = utilities.Max();
        var weights = utilities.Select(u => Math.Exp(Sharpness * (u - max))).ToArray();
        var draw = random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length - 1; k++)
        {
            draw -= weights[k];
            if (draw < 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }

    // Thresholds and interactions (a large household that streams a lot, heavy data with calls abroad, mid-range
    // data) are what a tree ensemble can learn and a linear model cannot, so the shipped versions really differ.
    private static void Utilities(PlanRecord r, double[] u)
    {
        var data = Math.Log(1 + r.MonthlyDataGb);
        u[0] = 1.5 + (0.05 * (r.Age - 45)) - (0.9 * (data - 2.5)) - (0.02 * r.StreamingHours)
            + (r.Region == "south" ? 0.4 : 0.0);
        u[1] = -1.2 + (1.1 * (r.HouseholdSize - 1)) + (0.01 * r.StreamingHours)
            + (r.HouseholdSize >= 3 && r.StreamingHours > 40 ? 1.5 : 0.0);
        u[2] = -1.5 + (0.8 * (data - 2.5)) + (0.012 * r.InternationalMinutes)
            + (r.InternationalMinutes > 60 && r.MonthlyDataGb > 30 ? 2.0 : 0.0)
            + (r.Region == "east" ? 0.5 : 0.0);
        u[3] = 0.3 + (r.MonthlyDataGb is > 8 and < 40 ? 1.2 : 0.0) + (0.008 * r.StreamingHours)
            + (r.Region == "west" ? 0.3 : 0.0);
    }
}
