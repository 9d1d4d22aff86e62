using BenchmarkDotNet.Attributes;
using Gateway.Pipeline.Intake;
using Gateway.Validation;
using NJsonSchema;
using Newtonsoft.Json.Linq;

namespace Gateway.Micro;

/// <summary>
/// Reading a churn body as the gateway does, a different body on every call: the strict parse into the token tree,
/// and that parse followed by validation against churn's v1 request schema from the gateway's schema registry.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private GatewayServices _gateway = null!;
    private JsonSchema _schema = null!;
    private byte[][] _bodies = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _gateway = GatewayServices.Build();
        _schema = _gateway.Schemas.For("churn", Apis.V1).Request;
        _bodies = ChurnBodies.Create();
        if (_bodies.Select(Validate).FirstOrDefault(failures => failures.Count > 0) is { } failures)
        {
            throw new InvalidOperationException($"A generated body breaks the schema: {failures[0].Path} {failures[0].Reason}");
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _gateway.DisposeAsync();

    [Benchmark(Baseline = true)]
    public JToken Parse() => Parse(Next());

    // The number of failures (0): the list's type is the gateway's own, which a public benchmark cannot return.
    [Benchmark]
    public int ParseAndValidate() => Validate(Next()).Count;

    private static JToken Parse(byte[] body) => JsonBodyParser.TryParse(body, out var error) ?? throw new InvalidOperationException(error);

    private IReadOnlyList<ValidationFailure> Validate(byte[] body) => SchemaValidator.Validate(_schema, Parse(body));

    private byte[] Next() => _bodies[_next++ & (ChurnBodies.Count - 1)];
}
