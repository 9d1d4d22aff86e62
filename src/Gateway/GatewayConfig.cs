namespace Gateway;

/// <summary>Configuration keys, header names, meter and source names: the one place they are spelled.</summary>
internal static class GatewayConfig
{
    public const string Section = "Gateway";
    public const string ServiceName = "gateway";
    public const string InstrumentationName = "Gateway";
    public const string RedisConnectionName = "Redis";

    public const string RequestIdHeader = "X-Request-Id";
    public const string ModelVersionHeader = "X-Model-Version";
    public const string CacheHeader = "X-Cache";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Route metadata naming the model a YARP route serves.</summary>
    public const string ModelMetadata = "Model";

    /// <summary>Route metadata naming the API a route speaks: <c>v1</c> (named features) or <c>oip</c> (Open Inference Protocol v2).</summary>
    public const string ApiMetadata = "Api";

    /// <summary>Route metadata naming what a route does: <c>Call</c> (a prediction) or <c>Read</c> (metadata, readiness).</summary>
    public const string OperationMetadata = "Operation";
}
