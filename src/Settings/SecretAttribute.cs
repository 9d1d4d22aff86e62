using System.ComponentModel.DataAnnotations;

namespace Settings;

/// <summary>
/// A secret setting (a token, a key): empty, which turns its feature off (or, with <see cref="Required"/>, is an
/// error), or at least <see cref="MinimumLength"/> characters. The error names the key, never the value.
/// </summary>
/// <param name="minimumLength">The fewest characters a set secret may have.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SecretAttribute(int minimumLength) : ValidationAttribute
{
    /// <summary>The fewest characters a set secret may have.</summary>
    public int MinimumLength { get; } = minimumLength;

    /// <summary>Whether the secret must be set.</summary>
    public bool Required { get; set; }

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var length = (value as string)?.Length ?? 0;
        return (length == 0 && !Required) || length >= MinimumLength
            ? ValidationResult.Success
            : new ValidationResult(length == 0
                ? $"{SettingKey.Of(validationContext.DisplayName)} must be set, to at least {MinimumLength} characters."
                : $"{SettingKey.Of(validationContext.DisplayName)} must be at least {MinimumLength} characters.");
    }
}
