using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Tests;

/// <summary>
/// A test-only runtime whose exclusive and reader/writer locks do nothing (locktorture's <c>lock_busted</c>):
/// everything else is a real runtime's. A workload that validates its result must report it invalid.
/// </summary>
internal sealed class BrokenLockRuntime : WorkloadRuntime
{
    private readonly WorkloadRuntime _inner;

    public BrokenLockRuntime(WorkloadRuntime inner) => _inner = inner;

    public override string Name => _inner.Name;

    public override int Cores => _inner.Cores;

    public override void Run(int threads, Func<int, ValueTask> body, Func<int, int>? cpuOf = null) => _inner.Run(threads, body, cpuOf);

    public override RtThread Spawn(Func<ValueTask> body) => _inner.Spawn(body);

    public override RtLock CreateLock(string name) => new NoLock(name);

    public override RtRwLock CreateRwLock(string name) => new NoRwLock();

    public override RtEvent CreateEvent() => _inner.CreateEvent();

    public override RtPort CreatePort() => _inner.CreatePort();

    public override ValueTask AcquireAllAsync(RtLock[] locks, int count) => default;

    public override void ReleaseAll(RtLock[] locks, int count)
    {
    }

    public override ValueTask YieldAsync() => _inner.YieldAsync();

    public override ValueTask MaybeYieldAsync() => _inner.MaybeYieldAsync();

    public override ValueTask SleepAsync(long nanoseconds) => _inner.SleepAsync(nanoseconds);

    public override ValueTask BlockingCallAsync(long nanoseconds) => _inner.BlockingCallAsync(nanoseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class NoLock(string name) : RtLock(name)
    {
        public override ValueTask AcquireAsync() => default;

        public override bool TryAcquire() => true;

        public override void Release()
        {
        }
    }

    private sealed class NoRwLock : RtRwLock
    {
        public override ValueTask AcquireSharedAsync() => default;

        public override void ReleaseShared()
        {
        }

        public override ValueTask AcquireExclusiveAsync() => default;

        public override void ReleaseExclusive()
        {
        }
    }
}
