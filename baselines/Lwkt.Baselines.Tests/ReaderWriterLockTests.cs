using Lwkt.Testing;

namespace Lwkt.Baselines.Tests;

public class ReaderWriterLockTests
{
    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    public void Writers_exclude_everyone_and_readers_exclude_writers(string kind)
    {
        IReaderWriterLock rw = Primitives.RwLock(kind);
        const int Writers = 2, Readers = 3, Iterations = 5_000;
        var probe = new ExclusionProbe();

        TestThreads.Run(Writers + Readers, index =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                if (index < Writers)
                {
                    rw.EnterWrite();
                    probe.Exclusive();
                    rw.ExitWrite();
                }
                else
                {
                    rw.EnterRead();
                    probe.Shared();
                    rw.ExitRead();
                }
            }
        });

        probe.AssertExcluded(Writers * Iterations);
    }

    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    public void Two_readers_hold_the_lock_at_once(string kind)
    {
        IReaderWriterLock rw = Primitives.RwLock(kind);
        int readersIn = 0;

        // Each reader waits inside until the other is inside too: if readers excluded each other, the watchdog fires.
        TestThreads.Run(2, _ =>
        {
            rw.EnterRead();
            Interlocked.Increment(ref readersIn);
            TestThreads.WaitUntil(() => Volatile.Read(ref readersIn) == 2, "both readers are inside");
            rw.ExitRead();
        });
    }
}
