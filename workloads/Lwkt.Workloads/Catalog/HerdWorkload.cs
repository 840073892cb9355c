using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Many waiters on one event, woken all at once in rounds: wake-to-run latency.</summary>
internal sealed class HerdWorkload : Workload
{
    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "herd",
        "Thread 0 is the waker, the other threads (at least one) wait on one event. Each round the waker waits "
        + "until every waiter is waiting again, sleeps period_us, stamps the time and calls WakeAll. One op = one "
        + "waiter woken. Latency: every wake, from the stamp just before WakeAll to the woken waiter running "
        + "(wake-to-run). Valid when every waiter woke exactly once per round, seeing that round's number.",
        [
            WorkloadParameter.Integer("period_us", 100, 0, 10_000_000, "us", "the waker's timed sleep between rounds"),
        ],
        settings => new HerdWorkload(settings));

    private readonly int _waiters;
    private readonly long _periodNs;
    private RtEvent? _wake;
    private RtEvent? _armed;
    private long _arrived;
    private long _round;
    private long _wakeStamp;
    private volatile bool _done;

    private HerdWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _waiters = Math.Max(1, settings.Threads - 1);
        _periodNs = settings.Long("period_us") * 1000;
    }

    /// <inheritdoc/>
    public override int ThreadCount => 1 + _waiters;

    /// <inheritdoc/>
    public override bool IsCounted(int thread) => thread != 0;

    /// <inheritdoc/>
    protected override void Prepare()
    {
        _wake = Context.Runtime.CreateEvent();
        _armed = Context.Runtime.CreateEvent();
    }

    /// <inheritdoc/>
    public override ValueTask RunThreadAsync(int thread) => thread == 0 ? WakerAsync() : WaiterAsync(thread);

    /// <inheritdoc/>
    public override void Validate()
    {
        long rounds = Interlocked.Read(ref _round);
        long[] ops = Context.CountedOps();
        for (int w = 0; w < ops.Length; w++)
        {
            if (ops[w] != rounds)
            {
                Context.Violation($"waiter {w + 1} woke {ops[w]} times in {rounds} rounds");
            }
        }
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail) => detail.Add($"waiters={_waiters};rounds={Interlocked.Read(ref _round)}");

    private async ValueTask WakerAsync()
    {
        IterationContext context = Context;
        RtEvent wake = _wake!;
        RtEvent armed = _armed!;
        long round = 0;
        while (true)
        {
            // Every waiter has read the wake sequence for this round once the arrivals reach the target.
            long target = _waiters * (round + 1);
            while (true)
            {
                long seen = armed.Sequence;
                if (Interlocked.Read(ref _arrived) >= target)
                {
                    break;
                }

                await armed.WaitAsync(seen);
            }

            // At least one round, so every waiter completes an op even if the stop came before it ran.
            if (context.Stopping && round > 0)
            {
                _done = true;
                wake.WakeAll();
                return;
            }

            if (_periodNs > 0)
            {
                await context.Runtime.SleepAsync(_periodNs);
            }

            round++;
            Interlocked.Exchange(ref _round, round);
            Volatile.Write(ref _wakeStamp, Timestamps.Now());
            wake.WakeAll();
        }
    }

    private async ValueTask WaiterAsync(int thread)
    {
        IterationContext context = Context;
        RtEvent wake = _wake!;
        RtEvent armed = _armed!;
        long round = 0;
        while (true)
        {
            long seen = wake.Sequence;
            if (Interlocked.Increment(ref _arrived) == _waiters * (round + 1))
            {
                armed.WakeAll();
            }

            while (wake.Sequence == seen)
            {
                await wake.WaitAsync(seen);
            }

            if (_done)
            {
                break;
            }

            context.RecordLatencySince(thread, Volatile.Read(ref _wakeStamp));
            round++;
            long announced = Interlocked.Read(ref _round);
            if (announced != round)
            {
                context.Violation($"waiter {thread} woke for round {announced}, expected round {round}");
                round = announced;
            }
        }

        context.AddOps(thread, round);
    }
}
