using Microsoft.Extensions.Options;

namespace ShadowCompare;

/// <summary>The data-annotation rules of one shadow's (or a control's) <see cref="ShadowOptions"/>, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateShadowOptions : IValidateOptions<ShadowOptions>;
