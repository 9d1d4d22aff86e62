using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>One customer: the eight named features of the churn model and the label.</summary>
internal sealed class ChurnRecord
{
    [ColumnName("tenure_months")]
    public float TenureMonths { get; set; }

    [ColumnName("monthly_charges")]
    public float MonthlyCharges { get; set; }

    [ColumnName("total_charges")]
    public float TotalCharges { get; set; }

    [ColumnName("support_calls")]
    public float SupportCalls { get; set; }

    [ColumnName("contract")]
    public string Contract { get; set; } = "";

    [ColumnName("payment_method")]
    public string PaymentMethod { get; set; } = "";

    [ColumnName("paperless_billing")]
    public bool PaperlessBilling { get; set; }

    [ColumnName("senior_citizen")]
    public bool SeniorCitizen { get; set; }

    [ColumnName("Label")]
    public bool Churned { get; set; }
}
