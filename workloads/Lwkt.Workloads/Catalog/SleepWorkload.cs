using Lwkt.Workloads.Execution;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Catalog;

/// <summary>Many threads in short timed sleeps: timer overhead and accuracy.</summary>
internal sealed class SleepWorkload : Workload
{
    /// <summary>The tolerance for a sleep that seems early: the clock reads around the call, not the timer's own.</summary>
    private const long EarlyToleranceNs = 1_000;

    /// <summary>The catalogue entry.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "sleep",
        "T threads loop over SleepAsync(sleep_us) (lwkt: its own timer, never blocking a worker; OS threads: "
        + "clock_nanosleep). One op = one sleep. Latency: every sleep's achieved duration, so the percentiles "
        + "compare directly with the requested sleep_us; detail adds requested_ns, achieved_mean_ns and "
        + "overshoot_mean_ns. Valid when no sleep returned more than 1 us early.",
        [
            WorkloadParameter.Integer("sleep_us", 50, 1, 10_000_000, "us", "requested sleep"),
        ],
        settings => new SleepWorkload(settings));

    private readonly long _sleepNs;
    private readonly PaddedLong[] _achieved;

    private SleepWorkload(WorkloadSettings settings)
        : base(settings)
    {
        _sleepNs = settings.Long("sleep_us") * 1000;
        _achieved = new PaddedLong[Threads];
    }

    /// <inheritdoc/>
    public override async ValueTask RunThreadAsync(int thread)
    {
        IterationContext context = Context;
        long ops = 0;
        long total = 0;
        do
        {
            long start = Timestamps.Now();
            await context.Runtime.SleepAsync(_sleepNs);
            long achieved = Timestamps.ToNs(Timestamps.Now() - start);
            if (achieved + EarlyToleranceNs < _sleepNs)
            {
                context.Violation($"thread {thread} slept {achieved} ns of {_sleepNs} ns requested");
            }

            context.RecordLatencyNs(thread, achieved);
            total += achieved;
            ops++;
        }
        while (!context.Stopping);

        _achieved[thread].Value = total;
        context.AddOps(thread, ops);
    }

    /// <inheritdoc/>
    public override void Validate()
    {
    }

    /// <inheritdoc/>
    public override void AddDetail(ICollection<string> detail)
    {
        long ops = Context.CountedOps().Sum();
        double mean = ops == 0 ? 0 : (double)_achieved.Sum(a => a.Value) / ops;
        detail.Add($"requested_ns={_sleepNs};achieved_mean_ns={CellRunner.Format(mean)};overshoot_mean_ns={CellRunner.Format(mean - _sleepNs)}");
    }
}
