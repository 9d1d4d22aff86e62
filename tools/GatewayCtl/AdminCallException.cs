namespace GatewayCtl;

/// <summary>A call that did not do what was asked: the exit code and the message for people.</summary>
internal sealed class AdminCallException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
