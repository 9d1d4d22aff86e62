using CsCheck;
using Gateway.Validation;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace Gateway.Tests.Validation;

/// <summary>Properties of request validation over generated churn instances: every instance inside the contract passes, every one broken in a single field fails naming that field.</summary>
public sealed class ValidationPropertyTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "churn", "v1", "request.schema.json")).GetAwaiter().GetResult());

    private static readonly Gen<JObject> Instance =
        Gen.Select(Gen.Double[0, 1200], Gen.Double[0, 100_000], Gen.Double[0, 1e8], Gen.Int[0, 10_000],
            Pick("month-to-month", "one-year", "two-year"), Pick("electronic-check", "mailed-check", "bank-transfer", "credit-card"),
            Gen.Bool, Gen.Bool)
        .Select((tenure, monthly, total, calls, contract, payment, paperless, senior) => new JObject
        {
            ["tenure_months"] = tenure, ["monthly_charges"] = monthly, ["total_charges"] = total, ["support_calls"] = calls,
            ["contract"] = contract, ["payment_method"] = payment, ["paperless_billing"] = paperless, ["senior_citizen"] = senior,
        });

    // One field made wrong: out of range, of the wrong type, outside its enum, or missing.
    private static readonly Gen<(string Field, JToken? Value)> Breakage = Pick<(string, JToken?)>(
        ("tenure_months", -1), ("tenure_months", 1201), ("tenure_months", "ten"), ("monthly_charges", -0.01), ("total_charges", 1e9),
        ("support_calls", 1.5), ("support_calls", -1), ("contract", "weekly"), ("payment_method", "cash"), ("paperless_billing", "yes"),
        ("senior_citizen", 1), ("contract", null));

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static JObject Body(params JObject[] instances) => new() { ["instances"] = new JArray(instances) };

    [Fact]
    public void Validate_InstancesInsideTheContract_Pass() =>
        Instance.Array[1, 8].Sample(instances => Assert.Empty(SchemaValidator.Validate(Schema.Value, Body(instances))), iter: 300);

    [Fact]
    public void Validate_OneFieldBroken_FailsNamingThatField() =>
        Gen.Select(Instance, Breakage).Sample((instance, breakage) =>
        {
            if (breakage.Value is null)
            {
                instance.Remove(breakage.Field);
            }
            else
            {
                instance[breakage.Field] = breakage.Value;
            }

            var failures = SchemaValidator.Validate(Schema.Value, Body(instance));
            Assert.NotEmpty(failures);
            Assert.Contains(failures, f => f.ToString()!.Contains(breakage.Field, StringComparison.Ordinal));
        }, iter: 300);
}
