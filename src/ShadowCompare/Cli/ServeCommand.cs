using System.CommandLine;

namespace ShadowCompare.Cli;

/// <summary><c>serve</c>: ingests the gateway's mirror records, compares them with the shadows, serves reports and the gate. Other arguments are configuration (<c>--urls</c>, <c>--ShadowCompare:…</c>).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Compare mirrored traffic live; serve /reports/{model} and /v1/gate.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // A long-running service: at most two malloc arenas from here on (NativeHeap); the one-shot commands keep
            // glibc's default, since diff and replay run models on many threads and end before fragmentation builds up.
            NativeHeap.LimitArenas();
            // A bad setting stops it with one line per key (ServiceHost), not a stack trace.
            return await ServiceHost.RunAsync("shadowcompare", async () =>
            {
                var builder = WebApplication.CreateBuilder([.. parse.UnmatchedTokens]);
                builder.AddShadowCompare();
                var app = builder.Build();
                app.MapShadowCompare();
                ServiceHost.Preflight(app.Services);
                await app.RunAsync(cancellationToken);
            });
        });
        return command;
    }
}
