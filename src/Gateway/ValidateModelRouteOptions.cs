using Microsoft.Extensions.Options;

namespace Gateway;

/// <summary>The data-annotation rules of one <see cref="ModelRouteOptions"/> entry, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateModelRouteOptions : IValidateOptions<ModelRouteOptions>;
