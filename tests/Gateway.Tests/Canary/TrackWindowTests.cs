using Gateway.Analysis;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Canary;

public sealed class TrackWindowTests
{
    [Fact]
    public void Snapshot_CallsOlderThanWindow_AreForgotten()
    {
        var time = new FakeTimeProvider();
        var window = new TrackWindow(time, TimeSpan.FromSeconds(10));
        window.RecordAssignment();
        window.RecordAnswer(TimeSpan.FromMilliseconds(3), failed: true);
        time.Advance(TimeSpan.FromSeconds(5));
        window.RecordAnswer(TimeSpan.FromMilliseconds(3), failed: false);
        Assert.Equal((2L, 1L), (window.Snapshot().Answered, window.Snapshot().Errors));

        time.Advance(TimeSpan.FromSeconds(6));
        var later = window.Snapshot();
        Assert.Equal((0L, 1L, 0L), (later.Assigned, later.Answered, later.Errors));
    }

    [Fact]
    public void Snapshot_Percentiles_WithinOneBinOfTheTruth()
    {
        var window = new TrackWindow(new FakeTimeProvider(), TimeSpan.FromSeconds(60));
        for (var i = 1; i <= 1000; i++)
        {
            window.RecordAnswer(TimeSpan.FromMilliseconds(i), failed: false);
        }

        var snapshot = window.Snapshot();
        Assert.InRange(snapshot.P50.TotalMilliseconds, 500, 500 * 1.09);
        Assert.InRange(snapshot.P99.TotalMilliseconds, 990, 990 * 1.09);
        Assert.Equal(snapshot.P99, snapshot.JudgedP99);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 300)]
    public void Snapshot_FewSlowAnswersInSmallSample_JudgedP99LeavesTheTwoSlowestOut(int slow, double judgedMs)
    {
        // A new process's first calls: slow while it compiles its code.
        var window = new TrackWindow(new FakeTimeProvider(), TimeSpan.FromSeconds(60));
        for (var i = 0; i < 50; i++)
        {
            window.RecordAnswer(TimeSpan.FromMilliseconds(i < slow ? 300 : 5), failed: false);
        }

        var snapshot = window.Snapshot();
        Assert.InRange(snapshot.P99.TotalMilliseconds, 300, 300 * 1.09);
        Assert.InRange(snapshot.JudgedP99.TotalMilliseconds, judgedMs, judgedMs * 1.09);
    }

    [Fact]
    public void Reset_ForgetsEverything()
    {
        var window = new TrackWindow(new FakeTimeProvider(), TimeSpan.FromSeconds(60));
        window.RecordAnswer(TimeSpan.FromMilliseconds(1), failed: true);
        window.Reset();
        Assert.Equal(0, window.Snapshot().Answered);
    }
}
