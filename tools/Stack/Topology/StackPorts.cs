using System.Net;
using System.Net.Sockets;

namespace Stack.Topology;

/// <summary>Every port the stack listens on, all on 127.0.0.1.</summary>
public sealed record StackPorts(
    IReadOnlyList<GatewayPorts> Gateways,
    int Stable,
    int Canary,
    int Shadow,
    int SecondStable,
    int Control,
    int Compare,
    int Redis,
    int Dashboard,
    int Otlp)
{
    /// <summary>
    /// The ports ./run.sh documents: gateway <c>i</c> on 8080 + 100·(i − 1) (admin + 1000, gRPC + 6), ModelHosts on
    /// 8081 (stable), 8082 (canary), 8083 (shadow), 8084 (second stable), 8085 (control), ShadowCompare on 8090, Redis on
    /// 6390, the dashboard on 18888 (OTLP 18889).
    /// </summary>
    public static StackPorts Fixed(int replicas) => new(
        [.. Enumerable.Range(0, replicas).Select(i => new GatewayPorts(8080 + (i * 100), 9080 + (i * 100), 8086 + (i * 100)))],
        Stable: 8081, Canary: 8082, Shadow: 8083, SecondStable: 8084, Control: 8085, Compare: 8090, Redis: 6390, Dashboard: 18888, Otlp: 18889);

    /// <summary>Ports nothing listens on now, one each, for a stack beside others (the tests).</summary>
    public static StackPorts Unused(int replicas) => new(
        [.. Enumerable.Range(0, replicas).Select(_ => new GatewayPorts(UnusedPort(), UnusedPort(), UnusedPort()))],
        UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort(), UnusedPort());

    /// <summary>A port nothing listens on now.</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
