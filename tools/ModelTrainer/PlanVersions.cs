using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace ModelTrainer;

/// <summary>The versions of <c>plan</c> the repository ships, each a different learner or feature set.</summary>
/// <remarks>Every learner trains on one thread, so the same seed gives the same bytes whatever the number of cores.</remarks>
internal static class PlanVersions
{
    private static readonly string[] AllFeatures =
    [
        "age", "household_size", "monthly_data_gb", "streaming_hours", "international_minutes", "region",
    ];

    public static IReadOnlyList<PlanVersion> All { get; } =
    [
        new(
            "1.0.0",
            "Multiclass logistic regression (L-BFGS maximum entropy) over min-max normalised features.",
            ["First release: a linear baseline."],
            AllFeatures,
            (ml, features) => Featurize(ml, features)
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                    new LbfgsMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))),
        new(
            "1.1.0",
            "Boosted decision trees (LightGBM multiclass), 100 rounds of one 20-leaf tree per plan.",
            ["Boosted trees learn the household-by-streaming and data-by-calls-abroad interactions the linear model misses."],
            AllFeatures,
            (ml, features) => Featurize(ml, features)
                .Append(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                {
                    NumberOfLeaves = 20,
                    NumberOfIterations = 100,
                    LearningRate = 0.1,
                    NumberOfThreads = 1,
                }))),
        new(
            "2.0.0-rc.1",
            "Multiclass logistic regression (SDCA maximum entropy) over mean-variance normalised features, without region.",
            [
                "Drops region, which says little once usage is known.",
                "SDCA maximum entropy over mean-variance normalised features.",
            ],
            [.. AllFeatures.Where(f => f != "region")],
            (ml, features) => Featurize(ml, features)
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
                    new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))),
    ];

    private static IEstimator<ITransformer> Featurize(MLContext ml, string[] features)
    {
        var numeric = features.Where(f => f != "region").ToArray();
        if (!features.Contains("region"))
        {
            return ml.Transforms.Concatenate("Features", numeric);
        }

        return ml.Transforms.Categorical.OneHotEncoding("region_onehot", "region")
            .Append(ml.Transforms.Concatenate("Features", [.. numeric, "region_onehot"]));
    }
}
