using Microsoft.ML;

namespace ModelTrainer;

/// <summary>One shipped version of the plan model: its semver, its story and how it is trained.</summary>
internal sealed record PlanVersion(
    string Version,
    string Description,
    string[] Changelog,
    string[] Features,
    Func<MLContext, string[], IEstimator<ITransformer>> Pipeline);
