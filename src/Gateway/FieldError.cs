namespace Gateway;

/// <summary>One failing place in a request body: its JSON path and what is wrong there.</summary>
internal sealed record FieldError(string Path, string Reason);
