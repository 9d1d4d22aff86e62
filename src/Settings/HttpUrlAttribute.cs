using System.ComponentModel.DataAnnotations;

namespace Settings;

/// <summary>A URL setting: an absolute http or https URL, or, unless <see cref="Required"/>, empty (the feature off).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class HttpUrlAttribute : ValidationAttribute
{
    /// <summary>Whether the URL must be set.</summary>
    public bool Required { get; set; }

    /// <summary>Whether <paramref name="value"/> is an absolute http or https URL.</summary>
    /// <param name="value">The text to check.</param>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";

    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var text = value as string ?? "";
        return (text.Length == 0 && !Required) || IsHttpUrl(text)
            ? ValidationResult.Success
            : new ValidationResult($"{SettingKey.Of(validationContext.DisplayName)} is '{text}', not an absolute http(s) URL.");
    }
}
