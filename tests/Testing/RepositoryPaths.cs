namespace Testing;

/// <summary>Paths into the repository the tests run from: the shipped model store and data.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Models => Path.Combine(Root, "models");

    public static string ChurnEvaluationSet => Path.Combine(Root, "data", "churn", "eval.jsonl");

    /// <summary>The one-model store holding ResNet18, copied from its NuGet package at build time.</summary>
    public static string ResNetStore => Path.Combine(AppContext.BaseDirectory, "resnet-store");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
