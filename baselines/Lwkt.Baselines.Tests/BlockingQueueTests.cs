namespace Lwkt.Baselines.Tests;

public class BlockingQueueTests
{
    private const long Stride = 1_000_000;

    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    [InlineData("lock")]
    public void Items_of_each_producer_arrive_in_order_and_exactly_once(string kind)
    {
        IBlockingQueue<long> queue = Primitives.Queue(kind);
        const int Producers = 3, PerProducer = 3_000;
        var next = new long[Producers];

        TestThreads.Run(Producers + 1, index =>
        {
            if (index < Producers)
            {
                for (long i = 0; i < PerProducer; i++)
                {
                    queue.Enqueue((index * Stride) + i);
                }

                return;
            }

            for (int received = 0; received < Producers * PerProducer; received++)
            {
                long item = queue.Dequeue();
                int producer = (int)(item / Stride);
                Assert.Equal(next[producer], item % Stride);
                next[producer]++;
            }
        });

        Assert.All(next, count => Assert.Equal(PerProducer, count));
        Assert.False(queue.TryDequeue(out _));
    }

    [Theory]
    [InlineData("futex")]
    [InlineData("spin")]
    [InlineData("monitor")]
    [InlineData("lock")]
    public void Several_consumers_share_the_items_exactly_once(string kind)
    {
        IBlockingQueue<long> queue = Primitives.Queue(kind);
        const int Consumers = 3, Items = 6_000;
        var seen = new int[Items];

        TestThreads.Run(Consumers + 1, index =>
        {
            if (index == Consumers)
            {
                for (long i = 0; i < Items + Consumers; i++)
                {
                    queue.Enqueue(i < Items ? i : -1);
                }

                return;
            }

            for (long item; (item = queue.Dequeue()) >= 0;)
            {
                Interlocked.Increment(ref seen[item]);
            }
        });

        Assert.All(seen, count => Assert.Equal(1, count));
    }
}
