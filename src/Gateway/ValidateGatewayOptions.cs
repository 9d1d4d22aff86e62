using Microsoft.Extensions.Options;

namespace Gateway;

/// <summary>The data-annotation rules of <see cref="GatewayOptions"/> and the sections under it, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ValidateGatewayOptions : IValidateOptions<GatewayOptions>;
