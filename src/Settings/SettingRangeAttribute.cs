using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Settings;

/// <summary>
/// A numeric setting's range (<see cref="RangeAttribute"/>), whose error names the configuration key and the value:
/// <c>Gateway:Cache:TimeoutMilliseconds is 0: it must be from 1 to 5000.</c>
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    /// <summary>A range of whole numbers (up to 2^53, exact as doubles).</summary>
    /// <param name="minimum">The least value allowed.</param>
    /// <param name="maximum">The greatest value allowed.</param>
    public SettingRangeAttribute(double minimum, double maximum)
        : base(minimum, maximum)
    {
    }

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (IsValid(value))
        {
            return ValidationResult.Success;
        }

        var from = MinimumIsExclusive ? $"above {Show(Minimum)}" : $"from {Show(Minimum)}";
        var to = MaximumIsExclusive ? $"below {Show(Maximum)}" : (MinimumIsExclusive ? $"at most {Show(Maximum)}" : $"to {Show(Maximum)}");
        var joined = MinimumIsExclusive ? $"{from} and {to}" : $"{from} {to}";
        return new ValidationResult($"{SettingKey.Of(validationContext.DisplayName)} is {Show(value)}: it must be {joined}.");
    }

    private static string Show(object? value) => value switch
    {
        null => "unset",
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
