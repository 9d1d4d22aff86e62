using Microsoft.Extensions.Options;

namespace ShadowCompare.Gate;

/// <summary>The data-annotation rules of a model's own <see cref="ScoreWeights"/>, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateScoreWeights : IValidateOptions<ScoreWeights>;
