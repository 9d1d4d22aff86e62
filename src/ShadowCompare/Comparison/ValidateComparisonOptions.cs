using Microsoft.Extensions.Options;

namespace ShadowCompare.Comparison;

/// <summary>The data-annotation rules of a model's own <see cref="ComparisonOptions"/>, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateComparisonOptions : IValidateOptions<ComparisonOptions>;
