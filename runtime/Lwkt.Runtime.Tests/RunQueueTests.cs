namespace Lwkt.Runtime.Tests;

/// <summary>
/// The run queue against a model (one FIFO list per priority): random enqueues at the tail and the head, dequeues,
/// removals from anywhere and yields (a dequeue and an enqueue of the same thread, round after round: the pattern that
/// leaves the queue's links stale but equal, <see cref="RunQueue"/>). Every dequeue, every count and every
/// <see cref="RunQueue.PeekMigratable"/> must be the model's.
/// </summary>
public class RunQueueTests
{
    private const int ThreadCount = 9;

    [Theory]
    [MemberData(nameof(TestRuntime.Seeds), MemberType = typeof(TestRuntime))]
    public void Random_operations_match_a_fifo_per_priority(int seed)
    {
        using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        var random = new Random(seed);

        // Three levels with gaps (the mask scan), a third of the threads pinned (the movable count).
        int[] levels = [3, 9, 20];
        var threads = new LwktThread[ThreadCount];
        for (int i = 0; i < ThreadCount; i++)
        {
            threads[i] = new LwktThread(rt.Cpus[0], static _ => default, null, levels[i % levels.Length], pinned: i % 3 == 0, id: i + 1);
        }

        var queue = default(RunQueue);
        var model = new List<LwktThread>[Priority.Levels];
        for (int p = 0; p < Priority.Levels; p++)
        {
            model[p] = [];
        }

        for (int step = 0; step < 4000; step++)
        {
            LwktThread td = threads[random.Next(ThreadCount)];
            bool queued = model[td.PriorityLevel].Contains(td);
            int op = random.Next(10);
            if (!queued && op < 4)
            {
                queue.Enqueue(td);
                model[td.PriorityLevel].Add(td);
            }
            else if (!queued && op < 5)
            {
                queue.EnqueueHead(td);
                model[td.PriorityLevel].Insert(0, td);
            }
            else if (queued && op < 7)
            {
                queue.Remove(td);
                model[td.PriorityLevel].Remove(td);
            }
            else if (op < 9)
            {
                // A yield: the head runs and goes back to the tail of its level.
                LwktThread? head = DequeueBoth(ref queue, model, step);
                if (head is not null)
                {
                    queue.Enqueue(head);
                    model[head.PriorityLevel].Add(head);
                }
            }
            else
            {
                DequeueBoth(ref queue, model, step);
            }

            AssertSameState(queue, model, step);
        }

        while (DequeueBoth(ref queue, model, -1) is not null)
        {
        }

        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void A_level_that_emptied_and_refilled_keeps_fifo_order()
    {
        using var rt = new LwktRuntime(new LwktRuntimeOptions { Cpus = 1 });
        LwktThread a = new(rt.Cpus[0], static _ => default, null, 5, pinned: false, id: 1);
        LwktThread b = new(rt.Cpus[0], static _ => default, null, 5, pinned: false, id: 2);
        LwktThread c = new(rt.Cpus[0], static _ => default, null, 5, pinned: false, id: 3);
        var queue = default(RunQueue);

        // a, b, c queued and drained leave stale links (c after b after a); then c, a, b must come out as queued.
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Enqueue(c);
        Assert.Same(a, queue.Dequeue());
        Assert.Same(b, queue.Dequeue());
        Assert.Same(c, queue.Dequeue());
        queue.Enqueue(c);
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Remove(a);

        Assert.Same(c, queue.Dequeue());
        Assert.Same(b, queue.Dequeue());
        Assert.Null(queue.Dequeue());
    }

    private static LwktThread? DequeueBoth(ref RunQueue queue, List<LwktThread>[] model, int step)
    {
        LwktThread? expected = null;
        for (int p = Priority.Levels - 1; p >= 0 && expected is null; p--)
        {
            if (model[p].Count != 0)
            {
                expected = model[p][0];
                model[p].RemoveAt(0);
            }
        }

        LwktThread? got = queue.Dequeue();
        Assert.True(ReferenceEquals(expected, got), $"step {step}: dequeued thread {got?.Id}, the model's head is {expected?.Id}");
        return got;
    }

    private static void AssertSameState(in RunQueue queue, List<LwktThread>[] model, int step)
    {
        int count = model.Sum(level => level.Count);
        int movable = model.Sum(level => level.Count(td => td.IsMovable));
        int highest = Array.FindLastIndex(model, level => level.Count != 0);
        LwktThread? migratable = model.Select(level => level.LastOrDefault(td => td.IsMovable)).FirstOrDefault(td => td is not null);
        Assert.True(count == queue.Count, $"step {step}: count {queue.Count}, model {count}");
        Assert.True(movable == queue.MovableCount, $"step {step}: movable {queue.MovableCount}, model {movable}");
        Assert.True(highest == queue.HighestPriority, $"step {step}: highest level {queue.HighestPriority}, model {highest}");
        Assert.True(ReferenceEquals(migratable, queue.PeekMigratable()), $"step {step}: migratable {queue.PeekMigratable()?.Id}, model {migratable?.Id}");
    }
}
