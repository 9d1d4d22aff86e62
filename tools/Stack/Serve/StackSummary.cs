using System.Text;
using Stack.Topology;

namespace Stack.Serve;

/// <summary>What ./run.sh prints once the stack serves: where everything is and how to try it.</summary>
internal static class StackSummary
{
    public static string Describe(StackPlan plan)
    {
        var ports = plan.Ports;
        var gateways = string.Join(' ', ports.Gateways.Select(g => LocalTopology.Url(g.Public).ToString().TrimEnd('/')));
        var grpc = string.Join(' ', ports.Gateways.Select(g => $"127.0.0.1:{g.Grpc}"));
        var first = ports.Gateways[0];
        var hosts = LocalTopology.ModelHosts(plan).ToDictionary(h => h.Name);
        var controlPlane = plan.Shared ? $"Redis on 127.0.0.1:{ports.Redis}" : Path.Combine(plan.State, "flags.json");
        var text = new StringBuilder();
        text.AppendLine($"stack: gateway on {gateways} (try: curl http://127.0.0.1:{first.Public}/v1/models), admin API and /metrics on each port + 1000");
        text.AppendLine($"       gateway gRPC API (Open Inference Protocol, h2c, reflection on) on {grpc} (try: grpcurl -plaintext 127.0.0.1:{first.Grpc} list)");
        text.AppendLine("       models: churn (API v1 and v2) and plan (API v1); POST /v1/models/{model}:predict, /v2/models/churn:predict");
        text.AppendLine($"       ModelHost stable (churn and plan {hosts["modelhost-stable-1"].Version}) on {Url(ports.Stable)}{(plan.Shared ? $" and :{ports.SecondStable}" : "")},"
            + $" canary (churn and plan {hosts["modelhost-canary"].Version}) on {Url(ports.Canary)},");
        text.AppendLine($"       taking the share in the control plane ({controlPlane}; 10 % on a first run)");
        text.AppendLine($"       ModelHost shadow (churn and plan {hosts["modelhost-shadow"].Version}) on {Url(ports.Shadow)}, sent 50 % of answered requests,");
        text.AppendLine($"       and a control ({hosts["modelhost-control"].Version} again) on {Url(ports.Control)}: the reports show the primary's noise floor");
        text.AppendLine($"       shadow comparison reports: {Url(ports.Compare)}/reports/churn and /reports/plan (after some traffic; sign in with any user name");
        text.AppendLine($"       and the password in {Path.Combine(plan.State, "report-token")}: {plan.Secrets.ReportToken})");
        text.AppendLine($"       trusted API key: {Path.Combine(plan.State, "api-key")} (curl -H \"X-Api-Key: $(cat {Path.Combine(plan.State, "api-key")})\" -H 'X-User-Id: alice' … is sticky per user)");
        text.AppendLine("       batch jobs: tools/jobs run churn <dataset.jsonl> <answers.jsonl> (a progress bar, then the answers; docs/jobs.md)");
        text.AppendLine($"       admin token (actor \"sre\"): {plan.Secrets.AdminToken}   (also in {Path.Combine(plan.State, "admin-token")}; try: tools/gatewayctl status churn)");
        if (plan.Shared)
        {
            text.AppendLine($"       GATEWAY_URL={Url(ports.Gateways[^1].Admin)} tools/gatewayctl … drives another replica; a change holds for all of them");
        }
        if (plan.Dashboard is not null)
        {
            text.AppendLine($"       traces, logs and metrics of every service: {Url(ports.Dashboard)} (follow a predict: gateway → ModelHost, and its comparison → shadow)");
        }

        text.Append("       Ctrl+C stops.");
        return text.ToString();
    }

    private static string Url(int port) => LocalTopology.Url(port).ToString().TrimEnd('/');
}
