namespace GatewayCtl;

/// <summary>What gatewayctl exits with; scripts can rely on these (docs/canary.md, "gatewayctl").</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>The command line was wrong (an unknown command, a missing argument) or no token was found.</summary>
    public const int Usage = 2;

    /// <summary>The gateway refused (its status and reason are printed).</summary>
    public const int Refused = 3;

    /// <summary>The gateway could not be reached.</summary>
    public const int Unreachable = 4;
}
