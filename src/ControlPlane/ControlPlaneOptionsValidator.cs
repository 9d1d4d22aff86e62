using Microsoft.Extensions.Options;

namespace ControlPlane;

/// <summary>Stops start-up on control-plane settings that cannot work, with one line per error naming the key.</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
