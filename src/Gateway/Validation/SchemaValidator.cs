using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Gateway.Validation;

/// <summary>Validates a parsed body against a schema and lists every failure with its JSON path and reason.</summary>
internal static class SchemaValidator
{
    // JsonSchema.Validate builds a new validator on every call, and with it every format validator and a lookup of them
    // (a sixth of the gateway's allocations per request when profiled); the validator keeps no state between calls.
    private static readonly BoundedSchemaValidator Validator = new();

    public static IReadOnlyList<ValidationFailure> Validate(JsonSchema schema, JToken json)
    {
        var errors = Validator.Validate(json, schema);
        var failures = new List<ValidationFailure>(errors.Count);
        foreach (var error in errors)
        {
            Flatten(error, failures);
        }

        return failures;
    }

    // oneOf/anyOf failures nest the reasons of each branch; callers want the leaves.
    private static void Flatten(ValidationError error, List<ValidationFailure> failures)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            foreach (var nested in child.Errors.SelectMany(e => e.Value))
            {
                Flatten(nested, failures);
            }

            return;
        }

        failures.Add(new ValidationFailure(Path(error), Reason(error)));
    }

    private static string Path(ValidationError error) =>
        string.IsNullOrEmpty(error.Path) ? "$" : "$" + error.Path.TrimStart('#').Replace("/", ".", StringComparison.Ordinal);

    private static string Reason(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"required property '{error.Property}' is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"property '{error.Property}' is not allowed",
        ValidationErrorKind.NotInEnumeration => "is not one of the allowed values",
        ValidationErrorKind.NumberTooSmall => "is below the minimum",
        ValidationErrorKind.NumberTooBig => "is above the maximum",
        ValidationErrorKind.TooFewItems => "has too few items",
        ValidationErrorKind.TooManyItems => "has too many items",
        ValidationErrorKind.StringTooShort => "is too short",
        ValidationErrorKind.IntegerExpected => "must be an integer",
        ValidationErrorKind.NumberExpected => "must be a number",
        ValidationErrorKind.StringExpected => "must be a string",
        ValidationErrorKind.BooleanExpected => "must be true or false",
        ValidationErrorKind.ObjectExpected => "must be an object",
        ValidationErrorKind.ArrayExpected => "must be an array",
        _ => error.Kind.ToString(),
    };
}

/// <summary>One way a body breaks its schema: where, as a JSON path from <c>$</c>, and why.</summary>
/// <param name="Path">The JSON path of the failing value.</param>
/// <param name="Reason">What is wrong with it.</param>
internal sealed record ValidationFailure(string Path, string Reason);
