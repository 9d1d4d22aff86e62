namespace Gateway.Micro;

/// <summary>The repository the benchmarks run in: its schemas, the gateway's flags file and artifacts/ are found from here.</summary>
internal static class Repository
{
    /// <summary>The folder holding Gateway.sln, above this assembly or else above the working folder.</summary>
    public static string Root { get; } = Find();

    // BenchmarkDotNet runs each benchmark from a project it generates under this one's bin folder, and dotnet run starts
    // a web project in its own folder: neither is the repository's root.
    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Gateway.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Gateway.sln not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }
}
