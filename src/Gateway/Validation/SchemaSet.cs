using NJsonSchema;

namespace Gateway.Validation;

/// <summary>A request and a response schema of one API of one model.</summary>
internal sealed record SchemaSet(string RequestPath, JsonSchema Request, string ResponsePath, JsonSchema Response);
