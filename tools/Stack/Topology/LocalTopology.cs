using System.Globalization;

namespace Stack.Topology;

/// <summary>
/// The stack on one machine, defined once for ./run.sh, the end-to-end tests and the benchmarks:
/// <list type="bullet">
/// <item>ModelHosts for stable (churn and plan 1.0.0; a second one with more than one gateway), canary (1.1.0) and shadow
/// (2.0.0-rc.1), each reporting its track to the control plane and serving the version desired for it there;</item>
/// <item>the control, stable's versions again outside the control plane (no track, so no gateway routes to it), which
/// ShadowCompare calls with every record to measure the primary's noise;</item>
/// <item>ShadowCompare, comparing the shadow's answers with the primary's;</item>
/// <item>the gateways, with churn (in src/Gateway/appsettings.json) and plan, added here as any model is added, by configuration;</item>
/// <item>Redis as the shared control plane and cache when there is more than one gateway, and the Aspire dashboard when asked.</item>
/// </list>
/// </summary>
public static class LocalTopology
{
    /// <summary>The ModelHosts by name: track (none for the control), port, and the churn and plan versions configured.</summary>
    public static IReadOnlyList<(string Name, string? Track, int Port, string Version)> ModelHosts(StackPlan plan)
    {
        var hosts = new List<(string, string?, int, string)>
        {
            ("modelhost-stable-1", "stable", plan.Ports.Stable, "1.0.0"),
            ("modelhost-canary", "canary", plan.Ports.Canary, "1.1.0"),
            ("modelhost-shadow", "shadow", plan.Ports.Shadow, "2.0.0-rc.1"),
            ("modelhost-control", null, plan.Ports.Control, "1.0.0"),
        };
        if (plan.Shared)
        {
            hosts.Insert(1, ("modelhost-stable-2", "stable", plan.Ports.SecondStable, "1.0.0"));
        }

        return hosts;
    }

    /// <summary>Every process of the stack, in start order.</summary>
    public static IReadOnlyList<ServiceSpec> Services(StackPlan plan)
    {
        var services = new List<ServiceSpec>();
        var telemetry = new Dictionary<string, string>();
        if (plan.Dashboard is { } dashboard)
        {
            services.Add(Dashboard(plan, dashboard));
            telemetry["OTEL_EXPORTER_OTLP_ENDPOINT"] = Url(plan.Ports.Otlp).ToString();
        }

        if (plan.Shared)
        {
            services.Add(Redis(plan));
        }

        services.AddRange(ModelHosts(plan).Select(h => ModelHost(plan, telemetry, h.Name, h.Track, h.Port, h.Version)));
        services.Add(ShadowCompare(plan, telemetry));
        services.AddRange(plan.Ports.Gateways.Select((ports, i) => Gateway(plan, telemetry, i + 1, ports)));
        return services;
    }

    /// <summary>http://127.0.0.1:<paramref name="port"/>.</summary>
    public static Uri Url(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    private static ServiceSpec Dashboard(StackPlan plan, string path) =>
        new("dashboard", path, [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Url(plan.Ports.Dashboard).ToString(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Url(plan.Ports.Otlp).ToString(),
            // On 127.0.0.1 only, as a local tool: no sign-in.
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        }, plan.State, new Uri(Url(plan.Ports.Dashboard), "/api/telemetry/resources"), Stage: 0)
        {
            Watched = false,
            LogFile = Path.Combine(plan.State, "dashboard.log"),
        };

    private static ServiceSpec Redis(StackPlan plan)
    {
        var folder = Path.Combine(plan.State, "redis");
        var configuration = Path.Combine(folder, "redis.conf");
        return new("redis", "redis-server",
            [configuration, "--port", Port(plan.Ports.Redis), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--save", ""],
            new Dictionary<string, string>(), folder, new Uri($"tcp://127.0.0.1:{Port(plan.Ports.Redis)}"), Stage: 0)
        {
            // The password goes in through a file only this user can read, not the command line.
            Files = new Dictionary<string, string> { [configuration] = $"requirepass {plan.Secrets.RedisPassword}\n" },
            LogFile = Path.Combine(folder, "redis.log"),
        };
    }

    private static ServiceSpec ModelHost(StackPlan plan, Dictionary<string, string> telemetry, string name, string? track, int port, string version)
    {
        var environment = new Dictionary<string, string>(telemetry);
        var arguments = new List<string>
        {
            "--urls", Url(port).ToString(), $"--ModelHost:Store={plan.Store}", $"--ModelHost:Models:churn={version}",
            $"--ModelHost:Models:plan={version}", $"--ModelHost:PinsFile={Path.Combine(plan.State, $"pins-{name}.json")}",
        };
        if (track is not null)
        {
            // A tracked host reports to the control plane and serves the version desired there (a promotion sets stable's).
            arguments.AddRange([$"--ModelHost:Track={track}", $"--ControlPlane:Directory={plan.State}"]);
            environment["ModelHost__AdminToken"] = plan.Secrets.ModelHostToken;
            environment["ControlPlane__InstanceId"] = name;
            AddControlPlane(plan, environment);
        }

        return Dotnet(plan, name, "ModelHost", [], arguments, environment, new Uri(Url(port), "/v2/health/ready"), stage: 1);
    }

    private static ServiceSpec ShadowCompare(StackPlan plan, Dictionary<string, string> telemetry)
    {
        var environment = new Dictionary<string, string>(telemetry)
        {
            // The gateways' service token may post mirror records and ask the gate; the report token lets people read reports.
            ["ShadowCompare__IngestTokens__gateway"] = plan.Secrets.CompareToken,
            ["ShadowCompare__ReadTokens__gateway"] = plan.Secrets.CompareToken,
            ["ShadowCompare__ReadTokens__people"] = plan.Secrets.ReportToken,
        };
        var arguments = new List<string>
        {
            "--urls", Url(plan.Ports.Compare).ToString(), $"--ShadowCompare:Store={Path.Combine(plan.State, "shadowcompare.db")}",
            $"--ShadowCompare:ModelStore={plan.Store}",
        };
        foreach (var model in Models)
        {
            arguments.Add($"--ShadowCompare:Models:{model}:Shadows:rc:Url={Url(plan.Ports.Shadow)}");
            arguments.Add($"--ShadowCompare:Models:{model}:Control:Url={Url(plan.Ports.Control)}");
        }

        return Dotnet(plan, "shadowcompare", "ShadowCompare", ["serve"], arguments, environment, new Uri(Url(plan.Ports.Compare), "/healthz"), stage: 1);
    }

    private static ServiceSpec Gateway(StackPlan plan, Dictionary<string, string> telemetry, int replica, GatewayPorts ports)
    {
        var name = $"gateway-{replica.ToString(CultureInfo.InvariantCulture)}";
        var environment = new Dictionary<string, string>(telemetry)
        {
            ["Gateway__AdminTokens__sre"] = plan.Secrets.AdminToken,
            ["Gateway__Shadow__CompareToken"] = plan.Secrets.CompareToken,
            // A trusted API key ("local"): with it, X-User-Id names the end user, so the split is sticky per user from a shell.
            ["Gateway__Access__ApiKeys__local__Key"] = plan.Secrets.ApiKey,
            ["Gateway__Access__ApiKeys__local__Trusted"] = "true",
            ["ControlPlane__InstanceId"] = name,
        };
        AddControlPlane(plan, environment);
        var arguments = new List<string>
        {
            "--urls", Url(ports.Public).ToString(), $"--Gateway:AdminUrls={Url(ports.Admin)}", $"--Gateway:GrpcUrls={Url(ports.Grpc)}",
            $"--Gateway:SchemaDirectory={Path.Combine(plan.Root, "schemas")}", $"--Gateway:Canary:FlagsFile={plan.FlagsFile}",
            $"--ControlPlane:Directory={plan.State}", $"--Gateway:Jobs:Directory={Path.Combine(plan.State, "jobs")}",
            $"--Gateway:Shadow:CompareUrl={Url(plan.Ports.Compare)}",
            // plan is added by configuration: its routes, its description, and its tracks' clusters below.
            "--Gateway:Models:plan:StableCluster=plan-stable", "--Gateway:Models:plan:CanaryCluster=plan-canary",
            "--Gateway:Models:plan:Description=Which of four plans (basic, family, premium, standard) a customer is likely to choose.",
        };
        foreach (var model in Models)
        {
            arguments.AddRange(Cluster(model, "stable", plan.Ports.Stable));
            arguments.AddRange(Cluster(model, "canary", plan.Ports.Canary));
        }

        return Dotnet(plan, name, "Gateway", [], arguments, environment, new Uri(Url(ports.Public), "/readyz"), stage: 2);
    }

    // A track's cluster: its one destination stands for the ModelHosts reporting that model on that track. churn's come
    // from src/Gateway/appsettings.json and only get their address; plan's are written out whole.
    private static IEnumerable<string> Cluster(string model, string track, int port)
    {
        var cluster = $"--ReverseProxy:Clusters:{model}-{track}";
        var destination = $"{cluster}:Destinations:modelhost-{track}-1";
        yield return $"{destination}:Address={Url(port)}";
        if (model == "churn")
        {
            yield break;
        }

        yield return $"{destination}:Metadata:Track={track}";
        yield return $"{destination}:Metadata:Model={model}";
        yield return $"{cluster}:HealthCheck:Active:Enabled=true";
        yield return $"{cluster}:HealthCheck:Active:Path=/v2/health/ready";
        yield return $"{cluster}:HealthCheck:Passive:Enabled=true";
        yield return $"{cluster}:HttpRequest:ActivityTimeout=00:00:10";
    }

    private static void AddControlPlane(StackPlan plan, Dictionary<string, string> environment)
    {
        if (!plan.Shared)
        {
            return;
        }

        var redis = $"127.0.0.1:{Port(plan.Ports.Redis)},password={plan.Secrets.RedisPassword}";
        environment["ControlPlane__Redis"] = redis;
        environment["ConnectionStrings__Redis"] = redis;
        environment["Gateway__Cache__SigningKey"] = plan.Secrets.CacheSigningKey;
    }

    private static ServiceSpec Dotnet(
        StackPlan plan, string name, string project, IReadOnlyList<string> command, List<string> settings, Dictionary<string, string> environment, Uri ready, int stage)
    {
        var output = plan.Binaries(project);
        return new(name, "dotnet", [Path.Combine(output, project + ".dll"), .. command, .. settings], environment, output, ready, stage);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] Models = ["churn", "plan"];
}
