using Lwkt.Baselines.Spinning;

namespace Lwkt.Micro.Locks;

/// <summary>os-spin-ticket: the baselines' ticket spin lock (<see cref="TicketSpinLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpinTicket)]
public class TicketLock : ExclusiveLockBenchmarks<SyncLock<TicketLock.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(TicketSpinLock gate) : IExclusiveLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new TicketSpinLock());

        /// <inheritdoc/>
        public void Enter() => gate.Enter();

        /// <inheritdoc/>
        public bool TryEnter() => gate.TryEnter();

        /// <inheritdoc/>
        public void Exit() => gate.Exit();
    }
}
