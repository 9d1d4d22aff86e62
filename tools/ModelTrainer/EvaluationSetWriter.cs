using System.Text.Json.Nodes;

namespace ModelTrainer;

/// <summary>Writes the held-out rows as JSON Lines: the features by name, and the label (<c>churned</c>, <c>chosen_plan</c>).</summary>
internal static class EvaluationSetWriter
{
    public static void Write(string path, IEnumerable<ChurnRecord> rows) =>
        Write(path, rows.Select(r => new JsonObject
        {
            ["tenure_months"] = r.TenureMonths,
            ["monthly_charges"] = r.MonthlyCharges,
            ["total_charges"] = r.TotalCharges,
            ["support_calls"] = r.SupportCalls,
            ["contract"] = r.Contract,
            ["payment_method"] = r.PaymentMethod,
            ["paperless_billing"] = r.PaperlessBilling,
            ["senior_citizen"] = r.SeniorCitizen,
            ["churned"] = r.Churned,
        }));

    // The label is chosen_plan, not plan: plan is the response's field for the predicted one.
    public static void Write(string path, IEnumerable<PlanRecord> rows) =>
        Write(path, rows.Select(r => new JsonObject
        {
            ["age"] = r.Age,
            ["household_size"] = r.HouseholdSize,
            ["monthly_data_gb"] = r.MonthlyDataGb,
            ["streaming_hours"] = r.StreamingHours,
            ["international_minutes"] = r.InternationalMinutes,
            ["region"] = r.Region,
            ["chosen_plan"] = r.ChosenPlan,
        }));

    private static void Write(string path, IEnumerable<JsonObject> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        foreach (var line in lines)
        {
            writer.WriteLine(line.ToJsonString());
        }
    }
}
