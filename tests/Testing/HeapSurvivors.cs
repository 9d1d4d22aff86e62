namespace Testing;

/// <summary>The bytes that survived a full collection: on the small object heap, the large object heap and the pinned object heap.</summary>
/// <param name="Small">Generations 0 to 2.</param>
/// <param name="Large">The large object heap (objects of 85,000 bytes or more).</param>
/// <param name="Pinned">The pinned object heap, where Kestrel's memory pool keeps its blocks.</param>
public sealed record HeapSurvivors(long Small, long Large, long Pinned)
{
    /// <summary>Every survivor.</summary>
    public long Total => Small + Large + Pinned;
}
