using System.Text.Json;
using System.Xml.Linq;

namespace EndToEnd.Tests.Deploy;

/// <summary>No Docker engine runs here, so the Dockerfile is checked as text: its targets, what it copies, what it runs.</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Load(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    public static TheoryData<string, string, string> Targets() => new()
    {
        { "gateway", "Gateway", "/healthz" },
        { "modelhost", "ModelHost", "/v2/health/ready" },
        { "shadowcompare", "ShadowCompare", "/healthz" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_RunsItsProjectAsNonRootWithAHealthCheck(string target, string project, string healthPath)
    {
        var lineage = Dockerfile.Lineage(target).ToList();
        var instructions = lineage.SelectMany(s => s.Instructions).ToList();

        var entrypoint = JsonSerializer.Deserialize<string[]>(instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments)!;
        Assert.Equal(["dotnet", project + ".dll"], entrypoint.Take(2));
        Assert.Contains(instructions, i => i.Keyword == "USER" && i.Arguments == "$APP_UID");
        Assert.Contains(instructions, i => i.Keyword == "HEALTHCHECK" && i.Arguments.Contains($"GET {healthPath} ", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", lineage[^1].From, StringComparison.Ordinal);

        // The entry point is a project of the solution (so ./test.sh builds it), published by the stage it copies from.
        var csproj = Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj");
        Assert.True(File.Exists(csproj), csproj);
        Assert.Contains($"src\\{project}\\{project}.csproj", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Gateway.sln")), StringComparison.Ordinal);
        var publish = instructions.First(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=", StringComparison.Ordinal)).Arguments.Split(' ')[0]["--from=".Length..];
        Assert.Contains(Dockerfile.Named(publish).Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains($"dotnet publish src/{project}/{project}.csproj", StringComparison.Ordinal));
        Assert.Empty(XDocument.Load(csproj).Descendants("AssemblyName"));
    }

    [Fact]
    public void Copies_EveryPathFromTheContextExists_AndNoneIsIgnoredOrAModel()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.TrimEnd('/')).ToList();
        var copies = Dockerfile.Stages.SelectMany(s => s.Instructions)
            .Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(copies);
        foreach (var (_, arguments) in copies)
        {
            var paths = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in paths.Take(paths.Count - 1))
            {
                var full = Path.Combine(RepositoryPaths.Root, source.TrimEnd('/'));
                Assert.True(File.Exists(full) || Directory.Exists(full), $"COPY {source}: no such path in the repository");
                Assert.DoesNotContain(source.TrimEnd('/'), ignored);
                Assert.False(source.StartsWith("models", StringComparison.Ordinal), "models are never baked into an image");
            }
        }

        Assert.Contains("models", ignored);
    }

    [Fact]
    public void Stages_EveryFromAndCopyFromNamesAStageOrAnImage()
    {
        var names = Dockerfile.Stages.Select(s => s.Name).Where(n => n.Length > 0).ToHashSet();
        foreach (var stage in Dockerfile.Stages)
        {
            Assert.True(names.Contains(stage.From) || stage.From.StartsWith("mcr.microsoft.com/", StringComparison.Ordinal), $"FROM {stage.From}");
            foreach (var (_, arguments) in stage.Instructions.Where(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=", StringComparison.Ordinal)))
            {
                Assert.Contains(arguments.Split(' ')[0]["--from=".Length..], names);
            }
        }
    }
}
