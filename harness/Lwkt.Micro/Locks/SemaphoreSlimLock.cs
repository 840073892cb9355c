namespace Lwkt.Micro.Locks;

/// <summary>
/// tpl-async: a <see cref="SemaphoreSlim"/> of one as an async lock (<see cref="SemaphoreSlim.WaitAsync()"/>, uncontended
/// it completes synchronously without allocating; TryAcquire is <c>Wait(0)</c>).
/// </summary>
[BenchmarkCategory(MicroCategories.TplAsync)]
public class SemaphoreSlimLock : ExclusiveLockBenchmarks<SemaphoreSlimLock.Operations>
{
    /// <summary>The semaphore's operations.</summary>
    public readonly struct Operations(SemaphoreSlim semaphore) : IExclusiveLockOperations, ILockUnderTest<Operations>, IDisposable
    {
        /// <inheritdoc/>
        public static Operations Create() => new(new SemaphoreSlim(1, 1));

        /// <inheritdoc/>
        public ValueTask AcquireAsync() => new(semaphore.WaitAsync());

        /// <inheritdoc/>
        public bool TryAcquire() => semaphore.Wait(0);

        /// <inheritdoc/>
        public void Release() => semaphore.Release();

        /// <inheritdoc/>
        public void Dispose() => semaphore.Dispose();
    }
}
