using System.Globalization;

namespace ControlPlane.Local;

/// <summary>
/// Reports as files in the local folder (<c>reports/{kind}/{instance}</c>), so the services of one machine see each
/// other's: the first line is when the report expires (Unix milliseconds), the rest is the report.
/// </summary>
internal sealed class LocalObservedState(LocalFolder folder, Microsoft.Extensions.Options.IOptions<ControlPlaneOptions> options, TimeProvider time) : IObservedState
{
    private readonly string _instance = Sanitise(options.Value.InstanceId);

    public Task<bool> ReportAsync(string kind, string content, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder.Root, "reports", Sanitise(kind))).FullName;
            var expires = (time.GetUtcNow() + lifetime).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            LocalFolder.WriteAtomically(Path.Combine(directory, _instance), expires + "\n" + content);
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    public Task<IReadOnlyDictionary<string, string>?> ReadAsync(string kind, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var directory = Path.Combine(folder.Root, "reports", Sanitise(kind));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory) : [])
        {
            if (file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(file);
                var newline = text.IndexOf('\n', StringComparison.Ordinal);
                if (newline > 0 && long.TryParse(text.AsSpan(0, newline), CultureInfo.InvariantCulture, out var expires) && expires > now)
                {
                    found[Path.GetFileName(file)] = text[(newline + 1)..];
                }
            }
            catch (IOException)
            {
                // Removed or replaced while being read: the next read sees it.
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>?>(found);
    }

    private static string Sanitise(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
