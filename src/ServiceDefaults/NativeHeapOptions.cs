using System.ComponentModel.DataAnnotations;

namespace Microsoft.Extensions.Hosting;

/// <summary>How often a service hands the C library's free heap pages back to the system (section <c>NativeHeap</c>).</summary>
public sealed class NativeHeapOptions
{
    /// <summary>Seconds between trims of the native heap; 0 turns trimming off.</summary>
    [Range(0, 3600, ErrorMessage = "NativeHeap:TrimSeconds must be from 0 (off) to 3600 seconds.")]
    public int TrimSeconds { get; set; } = 30;
}
