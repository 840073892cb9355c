using Lwkt.Baselines.Spinning;
using Lwkt.Micro.Locks;

namespace Lwkt.Micro.RwLocks;

/// <summary>os-spin: the baselines' spinning reader/writer lock (<see cref="SpinRwLock"/>).</summary>
[BenchmarkCategory(MicroCategories.OsSpin)]
public class SpinRw : RwLockBenchmarks<SyncRwLock<SpinRw.Gate>>
{
    /// <summary>The lock, called directly.</summary>
    public readonly struct Gate(SpinRwLock rw) : IReaderWriterLock, ILockUnderTest<Gate>
    {
        /// <inheritdoc/>
        public static Gate Create() => new(new SpinRwLock());

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
