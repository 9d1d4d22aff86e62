using System.Runtime.InteropServices;

namespace Stack.Launch;

/// <summary>
/// SIGTERM, so a service shuts down as under Kubernetes or a shell's <c>kill</c>: ShadowCompare finishes its batch,
/// Redis writes its append-only file. .NET's <c>Process.Kill</c> only sends SIGKILL.
/// </summary>
internal static partial class Signals
{
    private const int Terminate = 15;

    /// <summary>Asks the process to stop; false when it is already gone.</summary>
    public static bool AskToStop(int processId) => Kill(processId, Terminate) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
