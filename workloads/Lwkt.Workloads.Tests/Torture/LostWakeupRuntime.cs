using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests.Torture;

/// <summary>
/// A planted bug, test-only: an OS-thread runtime whose events lose every wakeup after the first few (the sequence
/// moves, the sleepers are not woken). Waiters poll every two seconds, so the run can still stop; the torture's watchdog,
/// bounded well below that, must report a lost wakeup with a dump.
/// </summary>
internal sealed class LostWakeupRuntime(WorkloadRuntime inner) : DelegatingWorkloadRuntime(inner)
{
    public override RtEvent CreateEvent() => new LossyEvent();

    private sealed class LossyEvent : RtEvent
    {
        private const int Delivered = 3;
        private readonly object _gate = new();
        private long _sequence;

        public override long Sequence => Volatile.Read(ref _sequence);

        public override ValueTask WaitAsync(long seen)
        {
            lock (_gate)
            {
                while (Volatile.Read(ref _sequence) == seen)
                {
                    Monitor.Wait(_gate, 2000);
                }
            }

            return default;
        }

        public override void WakeAll()
        {
            long now = Interlocked.Increment(ref _sequence);
            if (now <= Delivered)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
