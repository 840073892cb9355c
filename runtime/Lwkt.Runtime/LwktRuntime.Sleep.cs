namespace Lwkt.Runtime;

public sealed partial class LwktRuntime
{
    private static readonly List<LwktRuntime> s_live = [];

    /// <summary>Per sleep-hash slot, one bit per CPU that may have sleepers there (lwkt: slpque_cpumasks).</summary>
    private ulong[] _sleepMask = [];
    private int _maskWords;

    /// <summary>Runtimes not yet disposed: a wakeup from an OS thread outside any runtime must reach all of them.</summary>
    internal static LwktRuntime[] Live
    {
        get
        {
            lock (s_live)
            {
                return [.. s_live];
            }
        }
    }

    private void InitSleepMasks()
    {
        _maskWords = (CpuCount + 63) / 64;
        _sleepMask = new ulong[SleepQueue.Slots * _maskWords];
        lock (s_live)
        {
            s_live.Add(this);
        }
    }

    private void RetireSleepMasks()
    {
        lock (s_live)
        {
            s_live.Remove(this);
        }
    }

    /// <summary>
    /// Sets <paramref name="cpu"/>'s bit for <paramref name="slot"/>. Always an atomic Or: its full fence orders the
    /// sleeper's queueing before its condition check, against the waker's condition store then mask read.
    /// </summary>
    internal void MarkSleepers(int slot, int cpu) =>
        Interlocked.Or(ref _sleepMask[(slot * _maskWords) + (cpu >> 6)], 1UL << (cpu & 63));

    /// <summary>Clears the bit when that CPU's bucket for the slot empties (its own worker only).</summary>
    internal void ClearSleepers(int slot, int cpu) =>
        Interlocked.And(ref _sleepMask[(slot * _maskWords) + (cpu >> 6)], ~(1UL << (cpu & 63)));

    private bool HasSleepers(int slot, int cpu) =>
        (Volatile.Read(ref _sleepMask[(slot * _maskWords) + (cpu >> 6)]) & (1UL << (cpu & 63))) != 0;

    /// <summary>
    /// Sends a wakeup of <paramref name="ident"/> to every other CPU whose bit is set (or, for wakeup_one, to the first
    /// of them, which passes it on if it has no sleeper). <paramref name="from"/> is the caller's CPU, or null for an OS
    /// thread outside the runtime.
    /// </summary>
    internal void SendWakeups(VirtualCpu? from, int slot, object ident, int flags)
    {
        bool one = SleepQueue.IsOne(flags);
        int start = from is null ? 0 : from.Id + 1;
        for (int k = 0; k < CpuCount; k++)
        {
            int c = (start + k) % CpuCount;
            if (from is not null && c == from.Id)
            {
                continue;
            }

            if (!HasSleepers(slot, c))
            {
                continue;
            }

            long arg2 = one ? SleepQueue.EncodeOne(CpuCount - 1) : SleepQueue.EncodeAll();
            Post(from, _cpus[c], ident, arg2);
            if (one)
            {
                return;
            }
        }
    }

    /// <summary>wakeup_one found nobody on <paramref name="me"/>: pass it to the next CPU with the slot's bit.</summary>
    internal void ForwardWakeupOne(VirtualCpu me, int slot, object ident, int left)
    {
        for (int k = 1; k < CpuCount; k++)
        {
            int c = (me.Id + k) % CpuCount;
            if (HasSleepers(slot, c))
            {
                Post(me, _cpus[c], ident, SleepQueue.EncodeOne(left));
                return;
            }
        }
    }

    private static void Post(VirtualCpu? from, VirtualCpu target, object ident, long arg2)
    {
        if (from is not null)
        {
            from.SendIpi(target, SleepQueue.s_wakeupRemote, ident, arg2);
        }
        else
        {
            target.SendExternal(SleepQueue.s_wakeupRemote, ident, arg2);
        }
    }
}
