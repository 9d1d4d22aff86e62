using Microsoft.Extensions.Options;

namespace ModelHost.Batching;

/// <summary>The data-annotation rules of one model's <see cref="BatchingOptions"/> override, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateBatchingOptions : IValidateOptions<BatchingOptions>;
