using Microsoft.Extensions.Options;

namespace ControlPlane.Local;

/// <summary>The folder a local control plane keeps its files in (<see cref="ControlPlaneOptions.Directory"/>), created on first use.</summary>
internal sealed class LocalFolder(IOptions<ControlPlaneOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.Directory);

    public string File(string name)
    {
        Directory.CreateDirectory(Root);
        return Path.Combine(Root, name);
    }

    /// <summary>Writes a file whole, or not at all: a new file renamed over the old one, so a reader never sees half of it.</summary>
    public static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        System.IO.File.Move(temporary, path, overwrite: true);
    }
}
