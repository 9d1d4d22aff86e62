namespace Stack.Topology;

/// <summary>One gateway replica's listeners: the public API, the admin API with /metrics, and gRPC (h2c).</summary>
public sealed record GatewayPorts(int Public, int Admin, int Grpc);
