using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Settings;

/// <summary>A list of IP addresses, or with <see cref="AllowNetworks"/> also networks in CIDR form (<c>10.0.0.0/8</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class IpAddressesAttribute : ValidationAttribute
{
    /// <summary>Whether a network (<c>10.0.0.0/8</c>) may stand for its addresses.</summary>
    public bool AllowNetworks { get; set; }

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var wrong = (value as IEnumerable<string> ?? []).FirstOrDefault(a => !IPAddress.TryParse(a, out _) && !(AllowNetworks && IPNetwork.TryParse(a, out _)));
        return wrong is null
            ? ValidationResult.Success
            : new ValidationResult($"{SettingKey.Of(validationContext.DisplayName)} has '{wrong}', which is not an IP address{(AllowNetworks ? " nor a network like 10.0.0.0/8" : "")}.");
    }
}
