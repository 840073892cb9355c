using System.Diagnostics;
using Lwkt.Runtime.Native;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// Sysport sleeps served by the sending CPU's own timer heap (DragonFly: a callout on the caller's CPU): a
/// <see cref="NanosleepCall"/> sent from a worker becomes a timer on that CPU, and the CPU replies the message itself
/// when the deadline is due. No kernel timer and no OS thread per sleep: a parked CPU waits once, for its earliest
/// deadline (the idle loop's timed park, on its ring or its futex). Used on both backends.
/// </summary>
/// <remarks>
/// <para>Ownership: one per CPU; everything runs on that CPU's worker, except <see cref="Abort"/>, which any thread may
/// call and which travels to the worker as an IPI. So the expiry, an abort and the worker's exit never race: whichever
/// runs first while the send is still <see cref="KernelCall.OnCpuTimer"/> replies, and the others find it replied.</para>
/// <para>An aborted sleep's timer entry stays in the heap until its deadline (the heap has no cheap removal) and is
/// ignored then: it names the send it was armed for (<see cref="SystemCallMessage._sendSeq"/>), never a later one.</para>
/// <para>Only where the runtime's clock is CLOCK_MONOTONIC in nanoseconds (<see cref="ClockMatches"/>): the deadline
/// then is the timer's deadline, with no conversion that could end a sleep early.</para>
/// </remarks>
internal sealed class SysPortTimers(VirtualCpu cpu) : SysPortServer
{
    /// <summary>True when <see cref="Stopwatch"/> ticks are CLOCK_MONOTONIC nanoseconds (.NET on Linux), checked once.</summary>
    internal static readonly bool ClockMatches = CheckClock();

    /// <summary>IPI handler: the abort of a sleep, on the CPU whose timer serves it.</summary>
    private static readonly Action<object?, long> s_abortOnWorker = static (arg, seq) =>
        VirtualCpu.Mine.SysTimers.Finish((NanosleepCall)arg!, (uint)seq, MessageError.Aborted);

    /// <summary>Timer expiry: the sleep is done, if this send is still waiting.</summary>
    private static readonly Action<object, int> s_onDue = static (arg, seq) =>
        VirtualCpu.Mine.SysTimers.Finish((NanosleepCall)arg, (uint)seq, MessageError.None);

    private long _completed;

    /// <summary>Sleeps replied by this CPU's timers (worker-written; racy read elsewhere).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Sleeps armed and not yet replied (worker only).</summary>
    public int Pending { get; private set; }

    /// <summary>Arms <paramref name="call"/> on this CPU's timer heap. Caller: this CPU's worker (the sender).</summary>
    public void Submit(NanosleepCall call)
    {
        Invariants.OnWorker(cpu);
        call._server = this;
        call._slot = KernelCall.OnCpuTimer;
        Pending++;
        cpu.AddCallout(call, (int)call._sendSeq, call.Deadline, s_onDue);
    }

    /// <inheritdoc/>
    internal override void Abort(SystemCallMessage call, uint seq)
    {
        if (VirtualCpu.Current == cpu)
        {
            Finish((NanosleepCall)call, seq, MessageError.Aborted);
        }
        else
        {
            cpu.SendExternal(s_abortOnWorker, call, seq);
        }
    }

    /// <summary>At worker exit: the sleeps still armed on <paramref name="armed"/> are replied Aborted.</summary>
    public void Shutdown(IEnumerable<(object Target, int Version)> armed)
    {
        Invariants.OnWorker(cpu);
        foreach ((object target, int version) in armed)
        {
            if (target is NanosleepCall call)
            {
                Finish(call, (uint)version, MessageError.Aborted);
            }
        }
    }

    /// <summary>Replies send <paramref name="seq"/> of <paramref name="call"/> with <paramref name="error"/> if it is
    /// still armed here; otherwise (already replied, or a later send) does nothing. Caller: the worker.</summary>
    private void Finish(NanosleepCall call, uint seq, int error)
    {
        Invariants.OnWorker(cpu);
        if (call._server != this || call._sendSeq != seq || call._slot != KernelCall.OnCpuTimer)
        {
            return;
        }

        call._slot = KernelCall.NotInRing;
        Pending--;
        _completed++;
        call.Reply(error == MessageError.None ? call.Complete(0) : error);
    }

    private static bool CheckClock()
    {
        if (Stopwatch.Frequency != 1_000_000_000)
        {
            return false;
        }

        // The same clock reads the same nanoseconds: a monotonic read sandwiched by two Stopwatch reads.
        long before = Stopwatch.GetTimestamp();
        long mono = MonotonicClock.NowNanoseconds();
        long after = Stopwatch.GetTimestamp();
        return before <= mono && mono <= after;
    }
}
