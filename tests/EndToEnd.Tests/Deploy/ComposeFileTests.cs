using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EndToEnd.Tests.Deploy;

/// <summary><c>deploy/compose.yaml</c> checked without Docker: its images are Dockerfile targets and every reference resolves.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy");

    private static Dictionary<object, object> Load()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Folder, "compose.yaml")));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    [Fact]
    public void Services_AreDockerfileTargetsWithResolvableReferences()
    {
        var compose = Load();
        var services = Map(compose["services"]);
        var volumes = Map(compose["volumes"]).Keys.Cast<string>().ToHashSet();
        var targets = DockerfileModel.Load(Path.Combine(RepositoryPaths.Root, "Dockerfile")).Stages.Select(s => s.Name).ToHashSet();

        foreach (var (name, value) in services)
        {
            var service = Map(value);
            if (service.TryGetValue("build", out var build))
            {
                var target = (string)Map(build)["target"];
                Assert.Contains(target, targets);
                Assert.Equal($"inference-gateway/{target}", service["image"]);
                Assert.Equal("..", Map(build)["context"]);
            }

            foreach (var dependency in service.TryGetValue("depends_on", out var d) ? ((List<object>)d).Cast<string>() : [])
            {
                Assert.True(services.ContainsKey(dependency), $"{name} depends on unknown service {dependency}");
            }

            foreach (var mount in service.TryGetValue("volumes", out var v) ? ((List<object>)v).Cast<string>() : [])
            {
                var source = mount.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    Assert.True(Directory.Exists(Path.GetFullPath(Path.Combine(Folder, source))), $"{name} mounts {source}, which does not exist");
                }
                else
                {
                    Assert.Contains(source, volumes);
                }
            }

            // Every service URL in the settings names a service of this file on the port the images listen on.
            foreach (var setting in service.TryGetValue("environment", out var e) ? Map(e).Values.Cast<string>() : [])
            {
                foreach (Match url in ServiceUrl().Matches(setting))
                {
                    Assert.True(services.ContainsKey(url.Groups[1].Value), $"{name} refers to unknown service {url.Groups[1].Value}");
                    Assert.Equal("8080", url.Groups[2].Value);
                }
            }
        }

        Assert.Equal(["gateway", "modelhost", "shadowcompare"], services.Values.Select(Map).Where(s => s.ContainsKey("build"))
            .Select(s => (string)Map(s["build"])["target"]).Distinct().Order());
    }

    [GeneratedRegex(@"http://([a-z0-9-]+):(\d+)")]
    private static partial Regex ServiceUrl();
}
