using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Lwkt.Runtime;

/// <summary>
/// Deterministic mode (docs/lwkt-semantics.md): no worker threads; every virtual CPU is interleaved on the OS thread that joins, by a
/// scheduler seeded with <see cref="LwktRuntimeOptions.DeterministicSeed"/>. At each step the driver picks, with the
/// seeded generator, one CPU among those with work and runs one scheduler step on it as that CPU. Time is virtual: it
/// advances by a fixed amount per step, and jumps to the next timer when every CPU is idle. The same seed and the same
/// program give the same interleaving, and <see cref="ScheduleDigest"/> (a hash of every switch: CPU, thread, state)
/// proves it. A run in which every live thread is blocked with no timer pending is a deadlock and throws with a dump.
/// </summary>
/// <remarks>
/// <para>What the seed does not control is kept out: the clock is virtual; there are no worker or timer threads; the
/// sleep hash numbers idents in the order the run first sleeps on them instead of by identity hash (which depends on
/// the OS thread that first hashed the object and on how many it hashed before); and a wakeup from outside the run
/// reaches it only for an ident it has slept on, so other runtimes and tests in the process cannot add IPIs to it.</para>
/// <para>Foreign awaits (tasks completed by other OS threads) arrive at times the seed does not control; deterministic runs
/// should not use them.</para>
/// </remarks>
public sealed partial class LwktRuntime
{
    /// <summary>Virtual time one scheduler step takes in a deterministic run.</summary>
    private static readonly long s_stepTicks = Math.Max(1, Stopwatch.Frequency / 1_000_000);

    private readonly Random? _driverRandom;
    private long _virtualNow;
    private ulong _digest = 14695981039346656037UL;
    private long _recordedSwitches;
    private List<string>? _eventLog;

    /// <summary>Deterministic runs: each ident's sleep-hash slot, by the order the run first slept on it.</summary>
    private ConditionalWeakTable<object, StrongBox<int>>? _identSlots;
    private int _identsSeen;

    /// <summary>True when the runtime runs on the joining OS thread under a seeded scheduler.</summary>
    public bool IsDeterministic => _driverRandom is not null;

    /// <summary>The seed of a deterministic run, or null.</summary>
    public int? Seed { get; private set; }

    /// <summary>FNV-1a hash of every switch so far, as 16 hex digits (deterministic runs; "0" otherwise).</summary>
    public string ScheduleDigest => IsDeterministic ? _digest.ToString("x16", CultureInfo.InvariantCulture) : "0";

    /// <summary>Switches recorded in the digest.</summary>
    public long RecordedSwitches => _recordedSwitches;

    /// <summary>The scheduling events, one line each, when <see cref="LwktRuntimeOptions.RecordEvents"/> is set.</summary>
    public IReadOnlyList<string> EventLog => _eventLog ?? (IReadOnlyList<string>)[];

    internal long NowTicks => IsDeterministic ? _virtualNow : Stopwatch.GetTimestamp();

    /// <summary>
    /// The next thread's id: this runtime's prefix (<see cref="s_runtimes"/>, above bit <see cref="ThreadNumberBits"/>)
    /// and its creation number (1, 2, ...: stable across replays) in the low bits. One interlocked increment of a
    /// counter of this runtime gives both, where a process-wide id counter cost a second one per spawn.
    /// </summary>
    internal long NextThreadId() => _threadIdPrefix | Interlocked.Increment(ref _createdThreads);

    /// <summary>Low bits of a thread id that hold its creation number: 2^40 spawns per runtime, 2^23 runtimes per process.</summary>
    internal const int ThreadNumberBits = 40;

    /// <summary>Runtimes created in this process; each one's number prefixes its thread ids.</summary>
    private static long s_runtimes;

    private readonly long _threadIdPrefix = Interlocked.Increment(ref s_runtimes) << ThreadNumberBits;

    private Random? CreateDriver(LwktRuntimeOptions options)
    {
        if (options.DeterministicSeed is not int seed)
        {
            return null;
        }

        Seed = seed;
        _virtualNow = 1;
        _identSlots = [];
        _eventLog = options.RecordEvents ? [] : null;
        return new Random(seed);
    }

    /// <summary>
    /// The sleep-hash slot of <paramref name="ident"/> (a sleeper's own CPU, or an IPI handler). A deterministic run
    /// numbers a new ident here: only the run's own OS thread sleeps, so the numbering follows the seed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int SlotOf(object ident) => _identSlots is null ? SleepQueue.HashSlot(ident) : NumberedSlot(ident);

    /// <summary>
    /// The slot a wakeup of <paramref name="ident"/> must look at, from any OS thread; false when a deterministic run
    /// has never slept on it (no sleeper can be there, and the wakeup must not touch the run).
    /// </summary>
    internal bool TryGetSlot(object ident, out int slot)
    {
        if (_identSlots is null)
        {
            slot = SleepQueue.HashSlot(ident);
            return true;
        }

        bool known = _identSlots.TryGetValue(ident, out StrongBox<int>? box);
        slot = known ? box!.Value : 0;
        return known;
    }

    private int NumberedSlot(object ident)
    {
        if (!_identSlots!.TryGetValue(ident, out StrongBox<int>? box))
        {
            box = new StrongBox<int>(_identsSeen++ & (SleepQueue.Slots - 1));
            _identSlots.Add(ident, box);
        }

        return box.Value;
    }

    /// <summary>Mixes one switch into the digest. Caller: a CPU step in a deterministic run.</summary>
    internal void RecordSwitch(VirtualCpu cpu, LwktThread td)
    {
        _recordedSwitches++;
        Mix((uint)cpu.Id);
        Mix((uint)td.Number);
        Mix((uint)td._state);
        _eventLog?.Add(string.Create(
            CultureInfo.InvariantCulture, $"{_recordedSwitches} t={_virtualNow} cpu{cpu.Id} td{td.Number} -> {td._state}"));

        void Mix(uint value)
        {
            for (int i = 0; i < 4; i++)
            {
                _digest ^= (byte)(value >> (8 * i));
                _digest *= 1099511628211UL;
            }
        }
    }

    /// <summary>
    /// Runs the seeded interleaving on the calling OS thread until <paramref name="done"/> holds. Throws when every live
    /// thread is blocked and no timer can wake one (a deadlock or lost wakeup), naming the seed and each CPU's state.
    /// </summary>
    internal void Drive(Func<bool> done)
    {
        var candidates = new List<VirtualCpu>(CpuCount);
        SynchronizationContext? savedContext = SynchronizationContext.Current;
        using AsyncFlowControl flow = ExecutionContext.SuppressFlow();
        (VirtualCpu?, nuint) hostStack = VirtualCpu.HideWorkerStack();
        try
        {
            while (!done())
            {
                candidates.Clear();
                foreach (VirtualCpu cpu in _cpus)
                {
                    if (cpu.HasWork)
                    {
                        candidates.Add(cpu);
                    }
                }

                if (candidates.Count == 0)
                {
                    long next = _cpus.Min(c => c.NextTimerDeadlineForDriver);
                    if (next == long.MaxValue)
                    {
                        throw new InvalidOperationException(
                            $"deterministic run stuck (seed {Seed}): {LiveThreads} live threads, all blocked, no timer pending; " +
                            string.Join("; ", _cpus.Select(c => c.ToString())));
                    }

                    _virtualNow = Math.Max(_virtualNow, next);
                    continue;
                }

                candidates[_driverRandom!.Next(candidates.Count)].StepAsSelf();
                _virtualNow += s_stepTicks;
            }
        }
        finally
        {
            VirtualCpu.ShowWorkerStack(hostStack);
            SynchronizationContext.SetSynchronizationContext(savedContext);
        }
    }
}
