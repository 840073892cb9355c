using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests.Contracts;

public abstract partial class RuntimeContractTests
{
    [Fact]
    public void AcquireAllAsync_on_overlapping_sets_in_conflicting_orders_never_deadlocks_and_excludes()
    {
        const int Locks = 4, SetSize = 3, Threads = 4, Iterations = 300;
        RtLock[] all = [.. Enumerable.Range(0, Locks).Select(i => Runtime.CreateLock($"set-{i}"))];
        var inside = new int[Locks];
        var held = new long[Locks];
        int violations = 0;

        RunThreads(Threads, async index =>
        {
            var set = new RtLock[SetSize];
            var slots = new int[SetSize];
            for (int i = 0; i < Iterations; i++)
            {
                // Thread t asks for locks t, t+1, t+2 (mod 4), odd threads in descending order: every pair of
                // threads overlaps and half of them ask in opposite orders.
                for (int k = 0; k < SetSize; k++)
                {
                    int slot = (index + (index % 2 == 0 ? k : SetSize - 1 - k)) % Locks;
                    set[k] = all[slot];
                }

                await Runtime.AcquireAllAsync(set, SetSize);
                for (int k = 0; k < SetSize; k++)
                {
                    slots[k] = Array.IndexOf(all, set[k]);
                    if (Interlocked.Increment(ref inside[slots[k]]) != 1)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    held[slots[k]]++;
                }

                for (int k = 0; k < SetSize; k++)
                {
                    Interlocked.Decrement(ref inside[slots[k]]);
                }

                Runtime.ReleaseAll(set, SetSize);
            }
        });

        Assert.Equal(0, violations);
        Assert.Equal(Threads * Iterations * SetSize, held.Sum());
    }
}
