namespace ModelHost;

/// <summary>Configuration keys, meter and source names: the one place they are spelled.</summary>
internal static class ModelHostConfig
{
    public const string Section = "ModelHost";
    public const string ServiceName = "modelhost";
    public const string InstrumentationName = "ModelHost";
    public const string LatestVersion = "latest";
    public const string VersionHeader = "X-Model-Version";
    public const string ManifestFile = "model.json";
    public const string WeightsFile = "model.onnx";
    public const string StoreIndexFile = "index.json";
}
