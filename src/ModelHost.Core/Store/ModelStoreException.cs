namespace ModelHost.Store;

/// <summary>A version the store cannot provide: missing, unreadable, or failing its SHA-256 check.</summary>
internal sealed class ModelStoreException(string model, string version, string cause, Exception? inner = null)
    : Exception($"model '{model}' version '{version}': {cause}", inner)
{
    public string Model { get; } = model;

    public string Version { get; } = version;

    public string Cause { get; } = cause;
}
