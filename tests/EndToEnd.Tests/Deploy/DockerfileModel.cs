using System.Text.RegularExpressions;

namespace EndToEnd.Tests.Deploy;

/// <summary>The root Dockerfile read as instructions (line continuations joined, comments dropped): stages and their instructions.</summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(List<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public sealed record Stage(string Name, string From, List<(string Keyword, string Arguments)> Instructions);

    public static DockerfileModel Load(string path)
    {
        var joined = ContinuedLine().Replace(File.ReadAllText(path), " ");
        var stages = new List<Stage>();
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (keyword, arguments) = (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : "", parts[0], []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new DockerfileModel(stages);
    }

    public Stage Named(string name) => Stages.Single(s => s.Name == name);

    /// <summary>The stage and every stage it is built FROM, nearest first.</summary>
    public IEnumerable<Stage> Lineage(string name)
    {
        for (var stage = Stages.SingleOrDefault(s => s.Name == name); stage is not null; stage = Stages.SingleOrDefault(s => s.Name == stage.From))
        {
            yield return stage;
        }
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();
}
