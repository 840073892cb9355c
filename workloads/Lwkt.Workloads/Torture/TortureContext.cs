using System.Diagnostics;
using System.Globalization;
using Lwkt.Baselines.Native;
using Lwkt.Runtime;
using Lwkt.Runtime.Messaging;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Torture;

/// <summary>
/// The shared state of one torture run and the perturbations every stress thread applies: stutter, shuffling, random
/// holds with occasional long ones, blocking while holding, and preemption points. Stress threads call it from inside
/// the runtime under test; the control reads it.
/// </summary>
internal sealed class TortureContext
{
    private readonly TextWriter _output;
    private readonly long _longHoldOdds;
    private int _stopping;
    private int _shuffleEpoch;
    private long _longHolds;
    private long _blocksWhileHolding;
    private long _changedWhileBlocked;
    private long _exceptions;
    private long _migrations;

    public TortureContext(WorkloadRuntime runtime, string label, TortureOptions options, TextWriter output)
    {
        Runtime = runtime;
        Label = label;
        Options = options;
        _output = output;
        Traits = TortureTraits.Of(runtime);
        Clock = new TortureClock(Traits.Deterministic);
        Failures = new TortureFailures(message => Print("FAIL: " + message));
        Stutter = new StutterGate(runtime.CreateEvent());

        // locktorture: a long hold with probability 1 / (writers * 2000 * long_hold_ms) per write.
        _longHoldOdds = Math.Max(1, (long)options.EffectiveWriters * 2000 * Math.Max(1, (long)options.LongHold.TotalMilliseconds));
    }

    public WorkloadRuntime Runtime { get; }

    public string Label { get; }

    public TortureOptions Options { get; }

    public TortureTraits Traits { get; }

    public TortureClock Clock { get; }

    public TortureFailures Failures { get; }

    public StutterGate Stutter { get; }

    /// <summary>Every stress thread, by index.</summary>
    public List<TortureThread> Threads { get; } = [];

    /// <summary>Every statistics line, in print order.</summary>
    public List<StatGroup> Groups { get; } = [];

    /// <summary>Called once when the run stops (stressors wake their waiters).</summary>
    public List<Action> OnStop { get; } = [];

    /// <summary>True once the run is stopping: threads leave at their next loop top.</summary>
    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    public long LongHolds => Volatile.Read(ref _longHolds);

    public long BlocksWhileHolding => Volatile.Read(ref _blocksWhileHolding);

    public long ChangedWhileBlocked => Volatile.Read(ref _changedWhileBlocked);

    public long Exceptions => Volatile.Read(ref _exceptions);

    public long Migrations => Volatile.Read(ref _migrations);

    /// <summary>Adds a statistics group.</summary>
    public StatGroup AddGroup(string label, Func<string>? details = null)
    {
        var group = new StatGroup(label, details);
        Groups.Add(group);
        return group;
    }

    /// <summary>Adds a stress thread running <paramref name="body"/>.</summary>
    public TortureThread AddThread(string name, StatGroup? group, Func<TortureThread, ValueTask> body)
    {
        var t = new TortureThread(Threads.Count, name, group, Options.Seed) { Body = body };
        Threads.Add(t);
        return t;
    }

    /// <summary>
    /// Adds <paramref name="count"/> stress threads named <paramref name="prefix"/>0, <paramref name="prefix"/>1, ...
    /// in that order (their order is part of a deterministic run), each running <paramref name="body"/>.
    /// </summary>
    public void AddThreads(string prefix, int count, StatGroup? group, Func<TortureThread, ValueTask> body)
    {
        for (int i = 0; i < count; i++)
        {
            AddThread($"{prefix}{i}", group, body);
        }
    }

    /// <summary>The name of thread <paramref name="index"/>.</summary>
    public string NameOf(int index) => (uint)index < (uint)Threads.Count ? Threads[index].Name : $"#{index}";

    /// <summary>Prints one line, prefixed with the runtime's label.</summary>
    public void Print(string line)
    {
        lock (_output)
        {
            _output.WriteLine($"{Label} {line}");
        }
    }

    /// <summary>Reports a failed check.</summary>
    public void Fail(StatGroup? group, string message) => Failures.Report(group, message);

    /// <summary>Stops the run: threads leave at their next loop top; paused and waiting threads are woken.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        Stutter.Resume();
        foreach (Action action in OnStop)
        {
            action();
        }
    }

    /// <summary>Asks every thread to move to a random CPU at its next loop top.</summary>
    public void NextShuffle() => Interlocked.Increment(ref _shuffleEpoch);

    /// <summary>Enters a phase now.</summary>
    public void Enter(TortureThread t, TorturePhase phase) => t.Enter(phase, Clock.NowMs);

    /// <summary>
    /// Races an abort against the reply of the abortable <paramref name="message"/> <paramref name="t"/> has just sent:
    /// yields 0-3 times, then aborts it with probability 1/2 and, after that, with 1/2 yields and aborts it once more (a
    /// repeated abort must be harmless); then waits for its one reply in phase <see cref="TorturePhase.Call"/> and returns
    /// the reply's error. The random draws are always made in this order, so a seed replays the same race. Caller:
    /// <paramref name="t"/>, on its LWKT thread.
    /// </summary>
    public async ValueTask<int> RaceAbortThenWaitAsync(TortureThread t, Message message)
    {
        for (int y = t.Random.Below(4); y > 0; y--)
        {
            await LwktThread.YieldAsync();
        }

        if (Chance(t, 2))
        {
            message.Abort();
            if (Chance(t, 2))
            {
                await LwktThread.YieldAsync();
                message.Abort();
            }
        }

        Enter(t, TorturePhase.Call);
        return await message.WaitAsync();
    }

    /// <summary>
    /// The top of every stress loop: stutter, shuffle when the control asked, a preemption point. Returns false when the
    /// run is stopping. With <paramref name="stutter"/> false (servers), the thread never pauses.
    /// </summary>
    public async ValueTask<bool> LoopTopAsync(TortureThread t, bool stutter = true)
    {
        Enter(t, TorturePhase.Run);
        while (stutter && Stutter.Paused && !Stopping)
        {
            long seen = Stutter.Event.Sequence;
            if (!Stutter.Paused || Stopping)
            {
                break;
            }

            t.EnterWait(TorturePhase.Stutter, Stutter.Event, seen, Clock.NowMs);
            await Stutter.Event.WaitAsync(seen);
            t.LeaveWait(Clock.NowMs);
        }

        if (Stopping)
        {
            return false;
        }

        int epoch = Volatile.Read(ref _shuffleEpoch);
        if (t.ShuffleEpoch != epoch)
        {
            t.ShuffleEpoch = epoch;
            Enter(t, TorturePhase.Shuffle);
            await MoveAsync(t);
            Enter(t, TorturePhase.Run);
        }

        // A preemption point for cooperative runtimes. Deterministic runs yield every time: virtual time does not move
        // inside a scheduler step, so a time-slice check would never fire.
        if (Traits.Deterministic)
        {
            await Runtime.YieldAsync();
        }
        else
        {
            await Runtime.MaybeYieldAsync();
        }

        NoteCpu(t);
        return !Stopping;
    }

    /// <summary>Moves the calling thread to a random CPU, the way this runtime can (or not at all).</summary>
    public async ValueTask MoveAsync(TortureThread t)
    {
        switch (Traits.Shuffle)
        {
            case TortureTraits.ShuffleKind.LwktSetCpu:
                IReadOnlyList<VirtualCpu> cpus = Traits.Lwkt!.Cpus;
                VirtualCpu target = cpus[t.Random.Below(cpus.Count)];
                await LwktThread.SetCpuAsync(target);
                LwktThread me = LwktThread.Current!;
                if (me.Cpu != target)
                {
                    Fail(t.Group, $"migration: {t.Name} asked for cpu{target.Id} and resumed on cpu{me.Cpu.Id}");
                }

                break;
            case TortureTraits.ShuffleKind.OsAffinity:
                ThreadAffinity.PinCurrentThread(Traits.AllowedCpus[t.Random.Below(Traits.AllowedCpus.Length)]);
                break;
            default:
                return;
        }

        Interlocked.Increment(ref _migrations);
    }

    /// <summary>Records the CPU the thread runs on, for the dump.</summary>
    public void NoteCpu(TortureThread t)
    {
        if (Traits.Lwkt is not null)
        {
            LwktThread? me = LwktThread.Current;
            if (me is not null)
            {
                t.Cpu = me.Cpu.Id;
                t.LwktNumber = me.Number;
            }
        }
        else
        {
            t.Cpu = Thread.GetCurrentProcessorId();
        }
    }

    /// <summary>
    /// Holds the lock for a random short time (a few hundred ns of spinning, locktorture's udelay(2)) or, rarely, for
    /// <see cref="TortureOptions.LongHold"/> to force massive contention. Deterministic runs never read a clock.
    /// </summary>
    public void Hold(TortureThread t)
    {
        if (Options.LongHold > TimeSpan.Zero && (long)(t.Random.Next() % (ulong)_longHoldOdds) == 0)
        {
            Interlocked.Increment(ref _longHolds);
            if (Traits.Deterministic)
            {
                Thread.SpinWait(1000);
                return;
            }

            long deadline = Stopwatch.GetTimestamp() + (long)(Options.LongHold.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
            }

            return;
        }

        Thread.SpinWait(t.Random.Below(64));
    }

    /// <summary>A little random work outside the lock, so holders do not hand the lock straight back.</summary>
    public static void Outside(TortureThread t) => Thread.SpinWait(t.Random.Below(32));

    /// <summary>True for about one operation in <paramref name="odds"/>.</summary>
    public static bool Chance(TortureThread t, int odds) => t.Random.Below(odds) == 0;

    /// <summary>Counts an exception thrown on purpose inside a critical section and caught.</summary>
    public void CountException() => Interlocked.Increment(ref _exceptions);

    /// <summary>Counts a block while holding a lock or token.</summary>
    public void CountBlockWhileHolding() => Interlocked.Increment(ref _blocksWhileHolding);

    /// <summary>Counts a revalidation that found the data changed during a block (token semantics).</summary>
    public void CountChangedWhileBlocked() => Interlocked.Increment(ref _changedWhileBlocked);

    /// <summary>
    /// Blocks while holding the lock <paramref name="guard"/> protects: a yield, a timed sleep, a blocking call or a
    /// migration. On a token runtime the claim is given up first and taken again after, and the thread must hold as
    /// many tokens as before (docs/lwkt-semantics.md invariant 8); the data may have changed and is re-read (invariant 9). Elsewhere the lock survives
    /// the block, so the data must not change. Returns the value the holder now relies on.
    /// </summary>
    public async ValueTask<long> BlockWhileHoldingAsync(TortureThread t, ExclusionGuard guard, StatGroup group, bool writer, long seen)
    {
        CountBlockWhileHolding();
        int tokensBefore = 0;
        if (Traits.TokenSemantics)
        {
            tokensBefore = LwktThread.TokensHeld;
            Leave(guard, t, group, writer);
        }

        Enter(t, TorturePhase.BlockedHolding);
        string kind = await BlockAsync(t);
        Enter(t, TorturePhase.Hold);
        if (!Traits.TokenSemantics)
        {
            guard.CheckUnchanged(t, group, seen, "across a " + kind);
            return seen;
        }

        int tokensAfter = LwktThread.TokensHeld;
        if (tokensAfter != tokensBefore)
        {
            Fail(group, $"tokens: {t.Name} resumed from a {kind} with {tokensAfter} token(s) of the {tokensBefore} it held: tokens not held again after a block (lwkt-semantics invariant 8)");
        }

        Claim(guard, t, group, writer);
        long now = guard.Data;
        if (now != seen)
        {
            CountChangedWhileBlocked();
        }

        return now;
    }

    /// <summary>Checks, after releasing everything, that an LWKT thread holds no token (also after an exception).</summary>
    public void CheckNoTokens(TortureThread t, StatGroup group, string when)
    {
        if (Traits.TokenSemantics && LwktThread.TokensHeld != 0)
        {
            Fail(group, $"tokens: {t.Name} still holds {LwktThread.TokensHeld} token(s) {when}");
        }
    }

    private static void Claim(ExclusionGuard guard, TortureThread t, StatGroup group, bool writer)
    {
        if (writer)
        {
            guard.EnterWrite(t, group);
        }
        else
        {
            guard.EnterRead(t, group);
        }
    }

    private static void Leave(ExclusionGuard guard, TortureThread t, StatGroup group, bool writer)
    {
        if (writer)
        {
            guard.ExitWrite(t, group);
        }
        else
        {
            guard.ExitRead(t, group);
        }
    }

    /// <summary>One random blocking operation of the runtime; returns its name.</summary>
    private async ValueTask<string> BlockAsync(TortureThread t)
    {
        switch (t.Random.Below(4))
        {
            case 0:
                await Runtime.YieldAsync();
                return "yield";
            case 1:
                await Runtime.SleepAsync(1000 + t.Random.Below(100_000));
                return "sleep";
            case 2 when !Traits.Deterministic:
                // On lwkt a sysport message served by OS threads: it completes at times no seed controls.
                await Runtime.BlockingCallAsync(1000 + t.Random.Below(100_000));
                return "blocking call";
            case 2:
                await Runtime.SleepAsync(1000 + t.Random.Below(100_000));
                return "sleep";
            default:
                if (Traits.Shuffle == TortureTraits.ShuffleKind.None)
                {
                    await Runtime.YieldAsync();
                    return "yield";
                }

                await MoveAsync(t);
                return "migration";
        }
    }

    /// <summary>Milliseconds as seconds with one decimal, for lines.</summary>
    public static string Seconds(long ms) => (ms / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture) + "s";
}
