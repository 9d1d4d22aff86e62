namespace Testing;

/// <summary>Ports on 127.0.0.1.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now: connections to it are refused at once, as to a backend that is down.</summary>
    public static int Unused() => Stack.Topology.StackPorts.UnusedPort();
}
