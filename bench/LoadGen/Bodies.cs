using System.Text;

namespace LoadGen;

/// <summary>The bodies a run sends: the whole file, or each line of a JSON Lines file.</summary>
internal static class Bodies
{
    public static async Task<IReadOnlyList<byte[]>> ReadAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 ? [.. lines.Select(Encoding.UTF8.GetBytes)] : [bytes];
    }
}
