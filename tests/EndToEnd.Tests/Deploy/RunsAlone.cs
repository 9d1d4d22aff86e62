namespace EndToEnd.Tests.Deploy;

/// <summary>
/// Tests that time a whole stack under their own limit (the release rehearsal: about 4,000 requests through ./run.sh):
/// xunit runs this collection after the parallel ones, alone, so the other end-to-end tests do not eat its time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "alone";
}
