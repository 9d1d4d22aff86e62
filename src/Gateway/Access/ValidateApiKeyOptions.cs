using Microsoft.Extensions.Options;

namespace Gateway.Access;

/// <summary>The data-annotation rules of one <see cref="ApiKeyOptions"/> entry, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateApiKeyOptions : IValidateOptions<ApiKeyOptions>;
