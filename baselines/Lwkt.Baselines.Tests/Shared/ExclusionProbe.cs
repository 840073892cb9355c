namespace Lwkt.Testing;

/// <summary>
/// Watches a lock under test from inside its critical sections: a holder in exclusive mode must find nobody else
/// inside, a holder in shared mode no exclusive holder; every exclusive section adds one plain (non-atomic)
/// increment, so a lock that let two writers in also shows as lost updates. Shared by the baseline primitives'
/// tests and the runtime contract tests (this file is compiled into both test projects).
/// Caller: any thread, but only between its own acquire and release of the lock under test.
/// </summary>
internal sealed class ExclusionProbe
{
    private int _exclusive;
    private int _shared;
    private int _violations;
    private long _increments;

    /// <summary>Called right after an exclusive acquire: counts a clash if anyone is inside, then increments.</summary>
    public void EnterExclusive()
    {
        if (Interlocked.Increment(ref _exclusive) != 1 || Volatile.Read(ref _shared) != 0)
        {
            Interlocked.Increment(ref _violations);
        }

        _increments++;
    }

    /// <summary>Called right before the exclusive release.</summary>
    public void ExitExclusive() => Interlocked.Decrement(ref _exclusive);

    /// <summary>One whole exclusive section with nothing else inside it: <see cref="EnterExclusive"/>, <see cref="ExitExclusive"/>.</summary>
    public void Exclusive()
    {
        EnterExclusive();
        ExitExclusive();
    }

    /// <summary>One whole shared section: counts a clash if an exclusive holder is inside while this reader is.</summary>
    public void Shared()
    {
        Interlocked.Increment(ref _shared);
        if (Volatile.Read(ref _exclusive) != 0)
        {
            Interlocked.Increment(ref _violations);
        }

        Interlocked.Decrement(ref _shared);
    }

    /// <summary>After all threads ended: no clash was seen and all <paramref name="exclusiveSections"/> increments arrived.</summary>
    public void AssertExcluded(long exclusiveSections)
    {
        Assert.Equal(0, Volatile.Read(ref _violations));
        Assert.Equal(exclusiveSections, _increments);
    }
}
