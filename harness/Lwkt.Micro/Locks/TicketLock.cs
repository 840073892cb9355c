using Lwkt.Baselines.Spinning;

namespace Lwkt.Micro.Locks;

/// <summary>os-spin-ticket: the baselines' ticket spin lock (<see cref="TicketSpinLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpinTicket)]
public class TicketLock : ExclusiveLockBenchmarks<TicketLock.Operations>
{
    /// <inheritdoc/>
    protected override Operations CreateLock() => new(new TicketSpinLock());

    /// <summary>The lock's operations.</summary>
    public readonly struct Operations(TicketSpinLock gate) : ILockOperations
    {
        /// <inheritdoc/>
        public ValueTask AcquireAsync()
        {
            gate.Enter();
            return default;
        }

        /// <inheritdoc/>
        public bool TryAcquire() => gate.TryEnter();

        /// <inheritdoc/>
        public void Release() => gate.Exit();
    }
}
