using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>One customer: the six named features of the plan model and the plan they chose (the label).</summary>
internal sealed class PlanRecord
{
    [ColumnName("age")]
    public float Age { get; set; }

    [ColumnName("household_size")]
    public float HouseholdSize { get; set; }

    [ColumnName("monthly_data_gb")]
    public float MonthlyDataGb { get; set; }

    [ColumnName("streaming_hours")]
    public float StreamingHours { get; set; }

    [ColumnName("international_minutes")]
    public float InternationalMinutes { get; set; }

    [ColumnName("region")]
    public string Region { get; set; } = "";

    [ColumnName("Label")]
    public string ChosenPlan { get; set; } = "";
}
