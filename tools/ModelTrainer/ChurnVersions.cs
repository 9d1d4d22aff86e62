using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelTrainer;

/// <summary>The versions of <c>churn</c> the repository ships, each a different learner or feature set.</summary>
internal static class ChurnVersions
{
    private static readonly string[] AllFeatures =
    [
        "tenure_months", "monthly_charges", "total_charges", "support_calls",
        "contract", "payment_method", "paperless_billing", "senior_citizen",
    ];

    public static IReadOnlyList<ChurnVersion> All { get; } =
    [
        new(
            "1.0.0",
            "Logistic regression (L-BFGS) over min-max normalised features.",
            ["First release: a linear baseline."],
            AllFeatures,
            (ml, features) => Featurize(ml, features)
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),
        new(
            "1.1.0",
            "Boosted decision trees (FastTree), 100 trees of 20 leaves.",
            ["Boosted trees learn the tenure-by-support-calls interaction the linear model misses."],
            AllFeatures,
            (ml, features) => Featurize(ml, features)
                .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100, learningRate: 0.1))),
        new(
            "2.0.0-rc.1",
            "Random forest (FastForest) with Platt calibration, without total_charges.",
            [
                "Drops total_charges, which repeats tenure times monthly charges.",
                "A forest of 60 trees, calibrated with Platt scaling.",
            ],
            [.. AllFeatures.Where(f => f != "total_charges")],
            (ml, features) => Featurize(ml, features)
                .Append(ml.BinaryClassification.Trainers.FastForest(numberOfLeaves: 32, numberOfTrees: 60))
                .Append(ml.BinaryClassification.Calibrators.Platt())),
    ];

    private static EstimatorChain<ColumnConcatenatingTransformer> Featurize(MLContext ml, string[] features)
    {
        string[] categorical = ["contract", "payment_method"];
        string[] boolean = ["paperless_billing", "senior_citizen"];
        var used = categorical.Concat(boolean).Where(features.Contains).ToArray();
        var numeric = features.Except(used).ToArray();

        IEstimator<ITransformer> pipeline = ml.Transforms.Categorical.OneHotEncoding(
            [.. categorical.Where(features.Contains).Select(c => new InputOutputColumnPair($"{c}_onehot", c))]);
        pipeline = pipeline.Append(ml.Transforms.Conversion.ConvertType(
            [.. boolean.Where(features.Contains).Select(b => new InputOutputColumnPair($"{b}_number", b))], DataKind.Single));
        string[] columns =
        [
            .. numeric,
            .. categorical.Where(features.Contains).Select(c => $"{c}_onehot"),
            .. boolean.Where(features.Contains).Select(b => $"{b}_number"),
        ];
        return pipeline.Append(ml.Transforms.Concatenate("Features", columns));
    }
}
