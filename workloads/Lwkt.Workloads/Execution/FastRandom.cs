namespace Lwkt.Workloads.Execution;

/// <summary>
/// xorshift64* — a per-thread generator that allocates nothing and shares no state, so random choices inside
/// a measured loop cost a few ns and never contend. Seeded from (cell seed, iteration, thread).
/// </summary>
internal struct FastRandom
{
    private ulong _state;

    public FastRandom(int seed, int iteration, int thread)
    {
        // SplitMix64 of the three inputs: distinct, never-zero states for neighbouring threads.
        ulong z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)iteration << 16) ^ (uint)thread;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        _state = z == 0 ? 0x9E3779B97F4A7C15UL : z;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A value in [0, <paramref name="bound"/>) (multiply-shift; bias is negligible for small bounds).</summary>
    public int Below(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);
}
