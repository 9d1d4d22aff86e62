namespace Testing;

/// <summary>Debian's Chromium, headless, as the report page tests use it: the DOM after the page has loaded.</summary>
public static class Chromium
{
    public static async Task<string> DumpDomAsync(Uri page)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        try
        {
            // No sandbox (tests may run as root) and no background networking (this machine's network is closed).
            var outcome = await CommandRunner.RunAsync("chromium", profile,
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--dump-dom", page.ToString());
            return outcome.ExitCode == 0 ? outcome.Output : throw new InvalidOperationException($"chromium exited {outcome.ExitCode}: {outcome.Error}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
