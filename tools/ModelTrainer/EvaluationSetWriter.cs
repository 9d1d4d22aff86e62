using System.Text.Json.Nodes;

namespace ModelTrainer;

/// <summary>Writes the held-out rows as JSON Lines: the eight features by name, and the label as <c>churned</c>.</summary>
internal static class EvaluationSetWriter
{
    public static void Write(string path, IEnumerable<ChurnRecord> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        foreach (var r in rows)
        {
            var line = new JsonObject
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
            };
            writer.WriteLine(line.ToJsonString());
        }
    }
}
