using Microsoft.Extensions.Options;

namespace ShadowCompare;

/// <summary>The data-annotation rules of <see cref="ShadowCompareOptions"/> and the sections under it, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateShadowCompareOptions : IValidateOptions<ShadowCompareOptions>;
