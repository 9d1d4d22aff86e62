using System.Security.Cryptography;

namespace Stack.Topology;

/// <summary>The stack's credentials, fresh for each run.</summary>
/// <param name="AdminToken">The gateways' admin token (actor <c>sre</c>); gatewayctl reads it from <c>admin-token</c>.</param>
/// <param name="ModelHostToken">The ModelHosts' repository token.</param>
/// <param name="RedisPassword">Redis's password, when Redis is the shared control plane.</param>
/// <param name="CompareToken">The gateways' service token to ShadowCompare: records in, reports and the gate out.</param>
/// <param name="ReportToken">The token people read reports with (any user name).</param>
/// <param name="ApiKey">A trusted API key (<c>local</c>): with it, X-User-Id names the end user.</param>
/// <param name="CacheSigningKey">The key that seals entries in the shared cache.</param>
public sealed record StackSecrets(
    string AdminToken, string ModelHostToken, string RedisPassword, string CompareToken, string ReportToken, string ApiKey, string CacheSigningKey)
{
    /// <summary>Fresh random secrets.</summary>
    public static StackSecrets Generate() =>
        new(Random(24), Random(24), Random(24), Random(24), Random(24), Random(24), Random(48));

    /// <summary>Writes the ones people and tools need (admin-token, modelhost-token, report-token, api-key) to files only this user can read.</summary>
    public void WriteTo(string folder)
    {
        Write(folder, "admin-token", AdminToken);
        Write(folder, "modelhost-token", ModelHostToken);
        Write(folder, "report-token", ReportToken);
        Write(folder, "api-key", ApiKey);
    }

    /// <summary>Writes <paramref name="text"/> to a file only this user can read or write, replacing what was there.</summary>
    public static void Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(text);
    }

    // Letters and digits only, so a secret needs no quoting in a URL, a header, a shell or a Redis configuration file.
    private static string Random(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace("+", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal);
}
