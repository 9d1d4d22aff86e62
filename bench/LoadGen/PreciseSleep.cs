using System.Runtime.InteropServices;

namespace LoadGen;

/// <summary>
/// Sleeps to the microsecond. <see cref="Thread.Sleep(TimeSpan)"/> rounds down to whole milliseconds, which would send
/// requests up to a millisecond early; Linux's <c>usleep</c> with the thread's timer slack at its minimum wakes within
/// tens of microseconds after the time asked for, never before it.
/// </summary>
internal static partial class PreciseSleep
{
    private const int SetTimerSlack = 29; // PR_SET_TIMERSLACK

    /// <summary>Sets the calling thread's timer slack to 1 ns (the default is 50 µs of permitted lateness).</summary>
    public static void Prepare() => _ = SetThreadOption(SetTimerSlack, 1, 0, 0, 0);

    public static void For(TimeSpan wait) => _ = Sleep((uint)Math.Ceiling(wait.TotalMicroseconds));

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int Sleep(uint microseconds);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetThreadOption(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
