using System.Net;
using Gateway;
using Gateway.Assignment;
using Gateway.Audit;
using Gateway.Flags;

namespace EndToEnd.Tests.Fleet;

/// <summary>Three gateway replicas sharing one Redis: a change made through any replica holds for all, and none is lost.</summary>
public sealed class FleetFlagsTests
{
    [Fact]
    public async Task SetCanary_ThroughOneReplica_EveryReplicaRoutesEachCallerAlike()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var fleet = await GatewayFleet.StartAsync(3, stable.BaseAddress, canary.BaseAddress, 10);

        using var response = await fleet.Replicas[0]!.Admin().SendAdminAsync(HttpMethod.Put, "/admin/models/churn/canary", new { percent = 30, reason = "ramp" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

        foreach (var replica in fleet.Running)
        {
            var flags = replica.Service<CanaryFlags>();
            await Readiness.UntilAsync(() => Task.FromResult(flags.Version == version), TimeSpan.FromSeconds(10), "every replica to put the new flags in force");
            Assert.Equal(30, flags.Share("churn"));
        }

        // Sticky across the fleet: a caller lands on the same track whichever replica it reaches.
        var tracks = new List<Track[]>();
        foreach (var replica in fleet.Running)
        {
            var assigner = replica.Service<TrackAssigner>();
            tracks.Add(await Task.WhenAll(Enumerable.Range(0, 400).Select(i => assigner.AssignAsync("churn", $"user-{i}", CancellationToken.None).AsTask())));
        }

        Assert.Equal(tracks[0], tracks[1]);
        Assert.Equal(tracks[0], tracks[2]);
        Assert.InRange(tracks[0].Count(t => t == Track.Canary), 80, 160);
    }

    [Fact]
    public async Task SetCanary_ConcurrentlyThroughTwoReplicas_BothLandInTheAuditAndTheLastOneHolds()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var fleet = await GatewayFleet.StartAsync(3, stable.BaseAddress, stable.BaseAddress, 10);

        var writes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await fleet.Replicas[i % 2]!.Admin().SendAdminAsync(HttpMethod.Put, "/admin/models/churn/canary", new { percent = 20 + i, reason = $"write {i}" });
            return (response.StatusCode, Version: response.Headers.ETag?.Tag);
        }));

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.StatusCode));
        Assert.Equal(10, writes.Select(w => w.Version).Distinct().Count());
        using var audit = await fleet.Replicas[2]!.Admin().SendAdminAsync(HttpMethod.Get, "/admin/audit?model=churn&limit=100");
        var records = (await audit.ReadObjectAsync())["records"]!.AsArray().Where(r => (string?)r!["action"] == AuditActions.Set).ToList();
        Assert.Equal(10, records.Count);
        // Each change was made on top of the one before it: the old share of each is the new share of the previous.
        var ordered = records.OrderBy(r => (long)r!["flags_version"]!).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.Equal((double)ordered[i - 1]!["new_percent"]!, (double)ordered[i]!["old_percent"]!);
        }

        var last = (double)ordered[^1]!["new_percent"]!;
        foreach (var replica in fleet.Running)
        {
            await Readiness.UntilAsync(() => Task.FromResult(replica.Service<CanaryFlags>().Share("churn") == last), TimeSpan.FromSeconds(10), "every replica to hold the last write");
        }
    }

    [Fact]
    public async Task SetCanary_TwoWritersExpectingTheSameVersion_OneLandsTheOtherGets409WithTheCurrentVersion()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var fleet = await GatewayFleet.StartAsync(2, stable.BaseAddress, stable.BaseAddress, 10);
        var version = fleet.Replicas[0]!.Service<CanaryFlags>().Version;

        var answers = await Task.WhenAll(new[] { 40, 60 }.Select(async (percent, i) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/models/churn/canary")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { percent, reason = "two SREs at once" }),
            };
            request.Headers.Authorization = new("Bearer", GatewayServer.AdminToken);
            request.Headers.IfMatch.Add(new($"\"{version}\""));
            using var response = await fleet.Replicas[i]!.Admin().SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var conflict = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains($"\"current_version\":{version + 1}", conflict.Body, StringComparison.Ordinal);
    }
}
