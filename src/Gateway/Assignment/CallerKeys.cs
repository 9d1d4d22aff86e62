using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Gateway.Analysis;

namespace Gateway.Assignment;

/// <summary>
/// A (model, caller) pair as the 64-bit key of the caller tables (<see cref="TrackAssigner"/>,
/// <see cref="CallerWeights"/>): XXH3 under a seed drawn once per process. A table of numbers keeps no caller's string
/// alive, so a stream of new callers leaves short-lived garbage, not a large old generation for every collection to
/// walk. Two callers share a key with odds of about 1 in 10^8 in a full table, and no caller can aim for another's
/// key without the seed.
/// </summary>
internal sealed class CallerKeys
{
    private readonly long _seed = RandomNumberGenerator.GetInt32(int.MaxValue) * (long)int.MaxValue + RandomNumberGenerator.GetInt32(int.MaxValue);

    public long Of(string model, string caller)
    {
        var modelSeed = (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(model.AsSpan()), _seed);
        return (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(caller.AsSpan()), modelSeed);
    }
}
