using Gateway.Analysis;


namespace Gateway.Tests.Canary;

public sealed class WindowCountsTests
{
    [Fact]
    public void Merge_ThreeReplicas_AddsCountsAndBins()
    {
        var merged = WindowCounts.Merge([
            new WindowCounts(10, 8, 1, new() { [5] = 8 }),
            new WindowCounts(20, 15, 0, new() { [5] = 10, [9] = 5 }),
            new WindowCounts(0, 0, 0, []),
        ]);

        Assert.Equal((30L, 23L, 1L), (merged.Assigned, merged.Answered, merged.Errors));
        Assert.Equal(new Dictionary<int, long> { [5] = 18, [9] = 5 }, merged.Latency);
    }

    [Fact]
    public void ToSnapshot_SixSlowFirstCallsOverThreeReplicas_JudgedP99LeavesOutTwoPerReplica()
    {
        // 100 answers: 94 fast, and each of three replicas' first two calls to a new backend slow.
        var counts = new WindowCounts(100, 100, 0, new() { [10] = 94, [100] = 6 });

        Assert.Equal(TrackWindow.UpperEdge(100), counts.ToSnapshot(replicas: 1).JudgedP99);
        Assert.Equal(TrackWindow.UpperEdge(10), counts.ToSnapshot(replicas: 3).JudgedP99);
        Assert.Equal(TrackWindow.UpperEdge(100), counts.ToSnapshot(replicas: 3).P99);
    }
}
