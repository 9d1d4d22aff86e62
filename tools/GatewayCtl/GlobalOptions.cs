using System.CommandLine;

namespace GatewayCtl;

/// <summary>The options every command takes: where the gateway's admin listener is, the token, and JSON or tables.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "The gateway's admin listener. Default: $GATEWAY_URL, else http://127.0.0.1:9080.",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEWAY_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:9080",
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "An admin token. Default: $GATEWAY_ADMIN_TOKEN, else the file admin-token in $RUN_DIR (./run.sh writes it).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print the gateway's JSON answer, for scripts.", Recursive = true };

    /// <summary>A client for the parsed options; a missing token or a bad URL is a usage error.</summary>
    public static AdminClient Client(ParseResult parse, HttpClient http)
    {
        var url = parse.GetValue(Url)!;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new AdminCallException(ExitCodes.Usage, $"--url '{url}' is not an http(s) URL");
        }

        var token = parse.GetValue(Token) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("GATEWAY_ADMIN_TOKEN") is { Length: > 0 } set ? set
            : ReadTokenFile();
        return token is null
            ? throw new AdminCallException(ExitCodes.Usage, "no admin token: pass --token, set GATEWAY_ADMIN_TOKEN, or run ./run.sh (it writes artifacts/run/admin-token)")
            : new AdminClient(http, address, token);
    }

    private static string? ReadTokenFile()
    {
        var folder = Environment.GetEnvironmentVariable("RUN_DIR") is { Length: > 0 } run ? run : Path.Combine("artifacts", "run");
        var file = Path.Combine(folder, "admin-token");
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } token ? token : null;
    }
}
