using Lwkt.Baselines.Futexes;
using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>os-futex: the baselines' futex(2) reader/writer lock (<see cref="FutexRwLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsFutex)]
public class FutexRw : RwLockBenchmarks<SyncRwLock<FutexRw.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(FutexRwLock rw) : IReaderWriterLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new FutexRwLock());

        /// <inheritdoc/>
        public void EnterRead() => rw.EnterRead();

        /// <inheritdoc/>
        public void ExitRead() => rw.ExitRead();

        /// <inheritdoc/>
        public void EnterWrite() => rw.EnterWrite();

        /// <inheritdoc/>
        public void ExitWrite() => rw.ExitWrite();
    }
}
