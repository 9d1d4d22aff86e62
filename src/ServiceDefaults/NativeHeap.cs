using System.Runtime.InteropServices;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The C library's heap, which the runtime, the JIT and native code allocate from outside the garbage-collected heap.
/// glibc gives each thread that allocates an arena of its own, up to eight per core; a server's thread pool moves work
/// between threads, so memory freed in one arena is reused by another only by chance, and the free space scattered over
/// many arenas grows for a long while. Under the soak (bench/soak.sh) the gateway's resident memory climbed 15 % in ten
/// minutes that way while its managed heap stayed flat; with its arenas capped and the heap trimmed every 30 s
/// (<see cref="NativeHeapTrimmer"/>) it stays flat (docs/measurements/soak.md).
/// </summary>
public static class NativeHeap
{
    /// <summary>The arenas a service keeps by default (glibc would make up to eight per core).</summary>
    public const int DefaultArenas = 2;

    // mallopt's parameter for the arena cap, from glibc's malloc.h.
    private const int ArenaMaxParameter = -8;

    /// <summary>
    /// Caps glibc's malloc arenas for the rest of the process's life, unless <c>MALLOC_ARENA_MAX</c> is set, in which
    /// case glibc has already applied the operator's own choice. Call it first thing in <c>Main</c>: arenas made before
    /// the call stay. Does nothing where the C library is not glibc.
    /// </summary>
    /// <param name="arenas">The most arenas glibc may make.</param>
    /// <returns>True when the cap was set here.</returns>
    public static bool LimitArenas(int arenas = DefaultArenas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arenas, 1);
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return false;
        }

        try
        {
            return Mallopt(ArenaMaxParameter, arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and others: no glibc arenas to cap.
        }
    }

    /// <summary>
    /// Hands the free pages inside every arena back to the system (glibc's <c>malloc_trim</c>); glibc itself returns
    /// only the free space at an arena's top, so space freed below a live allocation otherwise stays resident.
    /// </summary>
    /// <returns>True when glibc released memory; false when there was none to release or the C library is not glibc.</returns>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
