using Microsoft.Extensions.Options;

namespace ModelHost;

/// <summary>The data-annotation rules of <see cref="ModelHostOptions"/> and its batching section, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateModelHostOptions : IValidateOptions<ModelHostOptions>;
