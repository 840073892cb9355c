using System.Numerics;
using System.Runtime.CompilerServices;
using Lwkt.Runtime.Diagnostics;

namespace Lwkt.Runtime;

/// <summary>
/// Sleep and wakeup on an identifier (lwkt: tsleep / wakeup / wakeup_one / tsleep_interlock / tsleep_remove). Threads
/// sleep on any object; a wakeup of that object from any CPU or OS thread makes them runnable on their own CPUs.
/// </summary>
/// <remarks>
/// <para>As in DragonFly, each virtual CPU keeps its own sleep hash, touched only by its own worker, so sleeping and
/// waking take no lock. A per-runtime mask per hash slot records which CPUs may have sleepers there; a wakeup handles
/// its own CPU directly and sends one IPI carrying the ident to each other CPU whose bit is set — one IPI per CPU,
/// never one per sleeper — so waking a million sleepers costs a handful of IPIs. Remote wakeups are asynchronous: the
/// sleeper has not necessarily run when <see cref="Wakeup"/> returns.</para>
/// <para>No lost wakeup: <see cref="Interlock"/> queues the thread (and sets its CPU's bit with a full fence) before the
/// caller checks its condition; a waker publishes its condition, fences, then reads the mask. A wakeup in the gap takes
/// the thread off, and the following <see cref="SleepAsync"/> returns at once (lwkt: tsleep_interlock + PINTERLOCKED).
/// Between the two calls the thread must not block.</para>
/// <para>Exactly once: the sleeper's CPU both delivers wakeups and fires its timeout, so whichever comes first takes the
/// thread off its bucket and decides the result. Tokens are released while asleep and held again on return.</para>
/// </remarks>
public static class SleepQueue
{
    /// <summary>Hash slots per CPU (lwkt: the tsleep hash).</summary>
    internal const int Slots = 256;

    private const int WakeAll = 0;
    private const int WakeOneFlag = 1;

    /// <summary>
    /// Queues the current thread on <paramref name="ident"/> without blocking (lwkt: tsleep_interlock). Follow it with
    /// <see cref="SleepAsync(object, TimeSpan?, bool)"/> with <c>interlocked: true</c>, or <see cref="Cancel"/>.
    /// </summary>
    public static void Interlock(object ident)
    {
        ArgumentNullException.ThrowIfNull(ident);
        LwktThread td = LwktThread.Self;
        if (td._sleepQueued)
        {
            throw new InvalidOperationException("The thread is already interlocked on a sleep queue.");
        }

        VirtualCpu cpu = td._cpu;
        int slot = cpu.Runtime.SlotOf(ident);
        td._sleepIdent = ident;
        td._sleepVersion = td.WaitVersion + 1;
        td._sleepQueued = true;
        cpu.SleepPush(slot, td);
        cpu.Runtime.MarkSleepers(slot, cpu.Id);
    }

    /// <summary>
    /// Sleeps on <paramref name="ident"/> until a wakeup or <paramref name="timeout"/> (lwkt: tsleep). Returns
    /// <see cref="LwktThread.WokenResult"/> or <see cref="LwktThread.TimedOutResult"/>, each reported exactly once.
    /// With <paramref name="interlocked"/>, the thread was queued by <see cref="Interlock"/> and returns at once if a
    /// wakeup came since.
    /// </summary>
    public static ValueTask<int> SleepAsync(object ident, TimeSpan? timeout = null, bool interlocked = false)
    {
        LwktThread? td = BeginSleep(ident, timeout, interlocked);
        if (td is null)
        {
            return new ValueTask<int>(LwktThread.WokenResult);
        }

        ValueTask<int> vt = td.BlockPointWithResult();
        if (timeout is TimeSpan t)
        {
            td._cpu.AddTimer(td, td.WaitVersion, td._cpu.Now + VirtualCpu.ToTicks(t), s_onTimeout);
        }

        return vt;
    }

    /// <summary>
    /// <see cref="SleepAsync(object, TimeSpan?, bool)"/> after <see cref="Interlock"/>, with no timeout, as a result-less
    /// <see cref="ValueTask"/> (the result could only be <see cref="LwktThread.WokenResult"/>). An adapter that waits
    /// this way returns it as is: no async method, so no state-machine box per waiter (about 120 bytes for each of a
    /// million parked threads).
    /// </summary>
    public static ValueTask SleepInterlockedAsync(object ident)
    {
        LwktThread? td = BeginSleep(ident, null, interlocked: true);
        return td is null ? default : td.BlockPoint();
    }

    /// <summary>
    /// The common part of a sleep: the interlock (unless done), then the thread blocked, or null when a wakeup came
    /// since the interlock (the reserved blocking point is retired). The caller takes the blocking point at once.
    /// </summary>
    private static LwktThread? BeginSleep(object ident, TimeSpan? timeout, bool interlocked)
    {
        ArgumentNullException.ThrowIfNull(ident);
        LwktThread td = LwktThread.Self;
        if (!interlocked)
        {
            Interlock(ident);
        }
        else if (!ReferenceEquals(td._sleepIdent, ident) || !td._sleepQueued && td._sleepIdent is null)
        {
            throw new InvalidOperationException("SleepAsync(interlocked) on an ident other than the interlocked one.");
        }

        if (!td._sleepQueued)
        {
            // A wakeup arrived between the interlock and now; the reserved blocking point is never used.
            td._sleepIdent = null;
            td.SkipWaitVersion();
            return null;
        }

        td._state = ThreadState.Blocked;
        if (LwktEventSource.SleepOn) LwktEventSource.Log.OnSleep(td, ident, timeout);
        return td;
    }

    /// <summary>
    /// Takes the current thread off the sleep queue it was interlocked on, if a wakeup has not already (lwkt:
    /// tsleep_remove): for a caller that found its condition true after <see cref="Interlock"/>.
    /// </summary>
    public static void Cancel()
    {
        LwktThread td = LwktThread.Self;
        if (td._sleepQueued)
        {
            td._cpu.SleepUnlink(td._cpu.Runtime.SlotOf(td._sleepIdent!), td);
        }

        td._sleepIdent = null;
        td.SkipWaitVersion();
    }

    /// <summary>
    /// Wakes every thread sleeping on <paramref name="ident"/> (lwkt: wakeup). Any thread may call it. Returns the number
    /// woken on the caller's own CPU; sleepers on other CPUs are woken asynchronously by IPI.
    /// </summary>
    public static int Wakeup(object ident) => WakeupCore(ident, WakeAll);

    /// <summary>
    /// Wakes one thread sleeping on <paramref name="ident"/>, if any (lwkt: wakeup_one): the caller's CPU first, then the
    /// other CPUs in turn until one has a sleeper. Returns 1 when it woke one on the caller's CPU, else 0.
    /// </summary>
    public static int WakeupOne(object ident) => WakeupCore(ident, WakeOneFlag);

    private static int WakeupCore(object ident, int flags)
    {
        ArgumentNullException.ThrowIfNull(ident);

        // Pairs with Interlock's fenced mask update: the caller's condition is visible before we read the mask.
        Interlocked.MemoryBarrier();
        VirtualCpu? mine = VirtualCpu.Current;
        int local = 0;
        if (mine is not null && mine.Runtime.TryGetSlot(ident, out int slot))
        {
            local = mine.WakeupLocal(slot, ident, flags == WakeOneFlag);
            if (local > 0 && flags == WakeOneFlag)
            {
                return local;
            }

            mine.Runtime.SendWakeups(mine, slot, ident, flags);
        }

        foreach (LwktRuntime rt in LwktRuntime.Live)
        {
            // A deterministic runtime takes a wakeup from outside only for an ident it has slept on: an unrelated
            // wakeup (another runtime's, another test's) must not reach its CPUs, or it would change the interleaving.
            if (rt != mine?.Runtime && rt.TryGetSlot(ident, out int theirs))
            {
                rt.SendWakeups(null, theirs, ident, flags);
            }
        }

        return local;
    }

    /// <summary>
    /// IPI handler on a CPU whose slot bit was set: wake its matching sleepers. For wakeup_one with none here, pass the
    /// request to the next CPU with the bit (arg2 carries the flag and the number of CPUs still to visit).
    /// </summary>
    internal static readonly Action<object?, long> s_wakeupRemote = WakeupRemote;

    private static void WakeupRemote(object? arg, long arg2)
    {
        object ident = arg!;
        VirtualCpu me = VirtualCpu.Mine;
        if (PlantedBugs.LostWakeup)
        {
            return;
        }

        int slot = me.Runtime.SlotOf(ident);
        bool one = (arg2 & WakeOneFlag) != 0;
        int woken = me.WakeupLocal(slot, ident, one);
        int left = (int)(arg2 >> 8);
        if (one && woken == 0 && left > 0)
        {
            me.Runtime.ForwardWakeupOne(me, slot, ident, left - 1);
        }
    }

    /// <summary>Timer expiry on the sleeper's CPU: time out only if no wakeup took the thread off its bucket first.</summary>
    private static readonly Action<object, int> s_onTimeout = static (target, version) =>
    {
        var td = (LwktThread)target;
        if (td._sleepQueued && td._sleepVersion == version && td._sleepIdent is object ident)
        {
            td._cpu.SleepUnlink(td._cpu.Runtime.SlotOf(ident), td);
            td.Wake(version, LwktThread.TimedOutResult);
        }
    };

    /// <summary>
    /// The slot of <paramref name="ident"/> by its identity hash (a free-running runtime). The hash depends on which OS
    /// thread first hashed the object and how many it hashed before, so a deterministic run numbers its idents instead
    /// (<see cref="LwktRuntime.SlotOf"/>).
    /// </summary>
    internal static int HashSlot(object ident)
    {
        uint h = (uint)RuntimeHelpers.GetHashCode(ident);
        return (int)((h ^ (h >> 11)) & (Slots - 1));
    }

    internal static long EncodeOne(int left) => WakeOneFlag | ((long)left << 8);

    internal static long EncodeAll() => WakeAll;

    /// <summary>True when the flags of a wakeup request ask for one sleeper only.</summary>
    internal static bool IsOne(int flags) => flags == WakeOneFlag;

    /// <summary>Number of set bits, for forwarding wakeup_one.</summary>
    internal static int PopCount(ulong word) => BitOperations.PopCount(word);
}
