using Lwkt.Runtime;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Runtimes;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads.Tests.Torture;

/// <summary>
/// A planted bug, test-only: lwkt whose exclusive locks are tokens that are <em>not held again after a block</em>.
/// When a holder yields, sleeps or makes a blocking call, the token is released and never re-acquired, while the lock
/// pretends it is still held (its release does nothing). This is the bug docs/lwkt-semantics.md invariant 8 forbids, simulated at the
/// adapter level; the torture must end in FAILURE on it.
/// </summary>
internal sealed class ForgetfulTokenRuntime : DelegatingWorkloadRuntime
{
    private readonly List<ForgetfulLock> _locks = [];

    public ForgetfulTokenRuntime(LwktWorkloadRuntime inner)
        : base(inner)
    {
    }

    public override RtLock CreateLock(string name)
    {
        var created = new ForgetfulLock(name);
        _locks.Add(created);
        return created;
    }

    public override RtYield YieldAsync()
    {
        Forget();
        return base.YieldAsync();
    }

    public override ValueTask SleepAsync(long nanoseconds)
    {
        Forget();
        return base.SleepAsync(nanoseconds);
    }

    public override ValueTask BlockingCallAsync(long nanoseconds)
    {
        Forget();
        return base.BlockingCallAsync(nanoseconds);
    }

    /// <summary>The bug: about to block, the thread drops its tokens, and nobody takes them again.</summary>
    private void Forget()
    {
        foreach (ForgetfulLock l in _locks)
        {
            l.ForgetIfHeld();
        }
    }

    private sealed class ForgetfulLock(string name) : RtLock(name)
    {
        private readonly Token _token = new(name);
        private readonly HashSet<LwktThread> _pretending = [];

        public override ValueTask AcquireAsync() => _token.AcquireAsync();

        public override bool TryAcquire() => _token.TryAcquire();

        public override void Release()
        {
            lock (_pretending)
            {
                if (_pretending.Remove(LwktThread.Current!))
                {
                    return;
                }
            }

            _token.Release();
        }

        public void ForgetIfHeld()
        {
            if (LwktThread.Current is LwktThread me && LwktThread.Holds(_token))
            {
                _token.Release();
                lock (_pretending)
                {
                    _pretending.Add(me);
                }
            }
        }
    }
}
