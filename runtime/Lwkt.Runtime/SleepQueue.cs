using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

/// <summary>
/// Sleep and wakeup on an identifier (lwkt: tsleep / wakeup / wakeup_one / tsleep_interlock). Threads sleep on any
/// object; a wakeup of that object on any CPU or OS thread makes them runnable on their own CPUs (remote wakeups go by
/// IPI and are asynchronous: the sleeper has not necessarily run when <see cref="Wakeup"/> returns).
/// </summary>
/// <remarks>
/// <para>No lost wakeup: <see cref="Interlock"/> puts the thread on the queue before the caller checks its condition;
/// a wakeup in the gap takes it off, and the following <see cref="SleepAsync"/> returns at once (lwkt: the
/// tsleep_interlock / PINTERLOCKED pattern). Between the two calls the thread must not block.</para>
/// <para>Exactly once: whoever removes the thread from its bucket — a wakeup or the timeout — decides the result; the
/// other finds it gone. The sleeper's tokens are released while it sleeps and held again when it returns.</para>
/// <para>Buckets are a global hash of 1024 lists, each behind a <see cref="SpinGate"/> held for a few instructions.</para>
/// </remarks>
public static class SleepQueue
{
    private const int BucketCount = 1024;
    private static readonly Bucket[] s_buckets = CreateBuckets();

    [ThreadStatic]
    private static List<(LwktThread Thread, int Version)>? t_woken;

    /// <summary>
    /// Queues the current thread on <paramref name="ident"/> without blocking (lwkt: tsleep_interlock). Follow it with
    /// <see cref="SleepAsync(object, TimeSpan?, bool)"/> with <c>interlocked: true</c>.
    /// </summary>
    public static void Interlock(object ident)
    {
        ArgumentNullException.ThrowIfNull(ident);
        LwktThread td = LwktThread.Self;
        if (td._sleepQueued)
        {
            throw new InvalidOperationException("The thread is already interlocked on a sleep queue.");
        }

        Bucket b = BucketOf(ident);
        b.Gate.Enter();
        td._sleepIdent = ident;
        td._sleepVersion = td.WaitVersion + 1;
        td._sleepQueued = true;
        td._sleepNext = b.Head;
        b.Head = td;
        b.Gate.Exit();
    }

    /// <summary>
    /// Sleeps on <paramref name="ident"/> until a wakeup or <paramref name="timeout"/> (lwkt: tsleep). Returns
    /// <see cref="LwktThread.WokenResult"/> or <see cref="LwktThread.TimedOutResult"/>, each reported exactly once.
    /// With <paramref name="interlocked"/>, the thread was queued by <see cref="Interlock"/> and returns at once if a
    /// wakeup came since.
    /// </summary>
    public static ValueTask<int> SleepAsync(object ident, TimeSpan? timeout = null, bool interlocked = false)
    {
        ArgumentNullException.ThrowIfNull(ident);
        LwktThread td = LwktThread.Self;
        if (!interlocked)
        {
            Interlock(ident);
        }
        else if (!ReferenceEquals(td._sleepIdent, ident))
        {
            throw new InvalidOperationException("SleepAsync(interlocked) on an ident other than the interlocked one.");
        }

        if (!Volatile.Read(ref td._sleepQueued))
        {
            // A wakeup arrived between the interlock and now. Its Wake names the blocking point we reserved; burn that
            // version so the in-flight wake cannot hit the thread's next, unrelated block.
            td._sleepIdent = null;
            td.SkipWaitVersion();
            return new ValueTask<int>(LwktThread.WokenResult);
        }

        td._state = ThreadState.Blocked;
        ValueTask<int> vt = td.BlockPointWithResult();
        if (timeout is TimeSpan t)
        {
            td._cpu.AddTimer(td, td.WaitVersion, VirtualCpu.Now + VirtualCpu.ToTicks(t), s_onTimeout);
        }

        return vt;
    }

    /// <summary>
    /// Takes the current thread off the sleep queue it was interlocked on, if a wakeup has not already (lwkt:
    /// tsleep_remove): for a caller that found its condition true after <see cref="Interlock"/>.
    /// </summary>
    public static void Cancel()
    {
        LwktThread td = LwktThread.Self;
        if (td._sleepIdent is not object ident)
        {
            return;
        }

        Bucket b = BucketOf(ident);
        b.Gate.Enter();
        if (td._sleepQueued)
        {
            LwktThread? prev = null;
            for (LwktThread? cur = b.Head; cur is not null; cur = cur._sleepNext)
            {
                if (cur == td)
                {
                    Unlink(b, prev, td);
                    break;
                }

                prev = cur;
            }
        }

        b.Gate.Exit();
        td._sleepIdent = null;

        // Whether we unlinked it or a wakeup did (its Wake may be in flight), the reserved blocking point is gone.
        td.SkipWaitVersion();
    }

    /// <summary>Wakes every thread sleeping on <paramref name="ident"/> (lwkt: wakeup). Any thread may call it.</summary>
    public static int Wakeup(object ident) => WakeupCore(ident, all: true);

    /// <summary>Wakes the most recent sleeper on <paramref name="ident"/>, if any (lwkt: wakeup_one).</summary>
    public static int WakeupOne(object ident) => WakeupCore(ident, all: false);

    private static int WakeupCore(object ident, bool all)
    {
        ArgumentNullException.ThrowIfNull(ident);
        List<(LwktThread Thread, int Version)> woken = t_woken ??= [];
        Bucket b = BucketOf(ident);
        b.Gate.Enter();
        LwktThread? prev = null;
        for (LwktThread? td = b.Head; td is not null;)
        {
            LwktThread? next = td._sleepNext;
            if (ReferenceEquals(td._sleepIdent, ident))
            {
                Unlink(b, prev, td);
                woken.Add((td, td._sleepVersion));
                if (!all)
                {
                    break;
                }
            }
            else
            {
                prev = td;
            }

            td = next;
        }

        b.Gate.Exit();
        int n = woken.Count;
        foreach ((LwktThread td, int version) in woken)
        {
            td.Wake(version, LwktThread.WokenResult);
        }

        woken.Clear();
        return n;
    }

    /// <summary>Timer expiry on the sleeper's CPU: time out only if no wakeup took the thread off its bucket first.</summary>
    private static readonly Action<LwktThread, int> s_onTimeout = static (td, version) =>
    {
        if (td._sleepIdent is not object ident)
        {
            return;
        }

        Bucket b = BucketOf(ident);
        bool mine = false;
        b.Gate.Enter();
        if (td._sleepQueued && td._sleepVersion == version)
        {
            LwktThread? prev = null;
            for (LwktThread? cur = b.Head; cur is not null; cur = cur._sleepNext)
            {
                if (cur == td)
                {
                    Unlink(b, prev, td);
                    mine = true;
                    break;
                }

                prev = cur;
            }
        }

        b.Gate.Exit();
        if (mine)
        {
            td.Wake(version, LwktThread.TimedOutResult);
        }
    };

    /// <summary>Removes <paramref name="td"/> (whose predecessor is <paramref name="prev"/>); caller holds the gate.</summary>
    private static void Unlink(Bucket b, LwktThread? prev, LwktThread td)
    {
        if (prev is null)
        {
            b.Head = td._sleepNext;
        }
        else
        {
            prev._sleepNext = td._sleepNext;
        }

        td._sleepNext = null;
        Volatile.Write(ref td._sleepQueued, false);
    }

    private static Bucket BucketOf(object ident) => s_buckets[RuntimeHelpers.GetHashCode(ident) & (BucketCount - 1)];

    private static Bucket[] CreateBuckets()
    {
        var buckets = new Bucket[BucketCount];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new Bucket();
        }

        return buckets;
    }

    private sealed class Bucket
    {
        public SpinGate Gate;
        public LwktThread? Head;
    }
}
