using System.Diagnostics;

namespace Lwkt.Workloads.Measurement;

/// <summary>
/// The JIT stage a cell's child runs before warm-up: short, unreported iterations of the whole per-iteration path
/// (workload set-up, thread start and join, process statistics, the summary, the report's serialization) until every
/// method on it has been through both tier-ups. BenchmarkDotNet's <c>EngineJitStage</c> does the same for a
/// benchmark method.
/// </summary>
/// <remarks>
/// <para>Why: with dynamic PGO a method not precompiled goes tier 0 → instrumented tier → tier 1, each step after
/// <see cref="CallsPerTier"/> calls and a background compile. Code called once per iteration reaches its 30th call
/// only at the 30th iteration, and its 60th at the 60th. On the 2-core VM the lwkt <c>yield</c> cell at 1 core
/// (one CPU for the workload and the background JIT) ran 60 ns/op from warm-up iteration 20, then 180–190 ns/op for
/// iterations 30–36 while the JIT compiled 30–115 such methods per iteration (JSON writing, <c>/proc</c> reads,
/// histogram merging, the runtime's spawn and exit paths), then 60 ns/op again: a burst the steady-state rule could
/// not tell from the end of warm-up, landing in measured iterations whenever warm-up ended before it.</para>
/// <para>How, in two parts, each a series of rounds followed by a wait until the background JIT has gone quiet (so
/// the next round runs, and counts calls of, the newly installed tier):</para>
/// <list type="number">
/// <item><b>Timed rounds</b> of <see cref="TimedIterationsPerRound"/> iterations of <see cref="IterationTime"/>, until
/// a round compiles at most <see cref="QuietRoundMethods"/> (at most <see cref="MaxTimedRounds"/>). Code called per
/// operation is called thousands of times in each, so it goes through both tiers here, and the instrumented tier's
/// profile — which decides the tier-1 code that is measured — is the workload's real mix of operations.</item>
/// <item><b>Call-count rounds</b> of <see cref="IterationsPerRound"/> iterations of zero duration (the stop flag is set
/// as the start gate opens: every workload thread completes one operation and leaves), until a round compiles at
/// most <see cref="QuietRoundMethods"/> (at most <see cref="MaxRounds"/>). They give the per-iteration path its calls.
/// A timed iteration of 1 ms took 8–28 ms on the 2-core VM, because the stop timer's thread and then each workload
/// thread must be scheduled on CPUs the workload keeps busy (4 ms ticks); 156 quick-suite cells spent 269 s in a
/// stage of 1 ms iterations only.</item>
/// </list>
/// <para>Caller: the child's main thread, after the runtime is created and before the first warm-up iteration.</para>
/// </remarks>
public static class JitStage
{
    /// <summary>The runtime's call-count threshold for a tier-up (<c>TC_CallCountThreshold</c>, default 30).</summary>
    public const int CallsPerTier = 30;

    /// <summary>Call-count round length: the threshold, plus two in case a call lands before call counting starts.</summary>
    public const int IterationsPerRound = CallsPerTier + 2;

    /// <summary>
    /// Timed round length: 4 iterations. Code called per operation needs one iteration to be called past the
    /// threshold at each tier; the rest are margin for a background compile that lands late in an iteration.
    /// </summary>
    public const int TimedIterationsPerRound = 4;

    /// <summary>
    /// The most timed rounds: 2, which carry hot code through its two tier-ups (tier 0 → instrumented, instrumented →
    /// tier 1). A third compiled 60–170 methods on the loaded VM — the per-iteration path's late first calls, which
    /// the call-count rounds serve as well at a fraction of the time.
    /// </summary>
    public const int MaxTimedRounds = 2;

    /// <summary>
    /// The most call-count rounds: 5. Three suffice for the path's own methods (tier 0 → instrumented, instrumented →
    /// tier 1, quiet); the rest covers methods first reached late (a rare branch, a second generic instantiation).
    /// </summary>
    public const int MaxRounds = 5;

    /// <summary>
    /// The most methods a round may compile and still end its part of the stage: 16. Measured on the 2-core VM (lwkt
    /// and tpl-async, yield and pingpong, 1 core): rounds compiled ~1,200–1,700, 240–950, 150–290, then 1–12 methods
    /// per round for as long as the stage went on — methods reached once in a while (the stop timer's paths, a late
    /// generic instantiation), each a sub-millisecond compile the warm-up rule's JIT share absorbs.
    /// </summary>
    public const int QuietRoundMethods = 16;

    /// <summary>
    /// The length of a timed iteration: 1 ms. The stage needs calls, not time; a millisecond still runs every
    /// workload thread's loop thousands of times.
    /// </summary>
    public static readonly TimeSpan IterationTime = TimeSpan.FromMilliseconds(1);

    /// <summary>How often the wait for a quiet JIT polls the compiled-method count: every 10 ms.</summary>
    private static readonly TimeSpan QuietPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The longest wait for a quiet JIT after a round: 500 ms. A round's tier-1 batch took 50–300 ms on one core of the
    /// 2-core VM; a JIT that is still busy after that (another thread compiling for ever) is left to the warm-up rule.
    /// </summary>
    private static readonly TimeSpan MaxQuietWait = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Runs the stage: calls <paramref name="iterate"/> with iteration numbers 1, 2, … and a duration (it must run one
    /// iteration of that duration and everything the caller does with a result): the timed rounds, then the
    /// call-count rounds (see the remarks). Returns what it did, for the rows' detail.
    /// </summary>
    public static JitStageOutcome Run(Action<int, TimeSpan> iterate)
    {
        ArgumentNullException.ThrowIfNull(iterate);
        var clock = Stopwatch.StartNew();
        int iteration = 0;
        var perRound = new List<long>(MaxTimedRounds + MaxRounds);
        RunRounds(iterate, ref iteration, perRound, TimedIterationsPerRound, IterationTime, MaxTimedRounds);
        bool quiet = RunRounds(iterate, ref iteration, perRound, IterationsPerRound, TimeSpan.Zero, MaxRounds);
        return new JitStageOutcome(iteration, [.. perRound], quiet, clock.Elapsed);
    }

    /// <summary>
    /// Runs rounds of <paramref name="length"/> iterations of <paramref name="duration"/>, each followed by a wait for
    /// a quiet JIT, until a round compiles at most <see cref="QuietRoundMethods"/> or <paramref name="maxRounds"/> have
    /// run; adds each round's count to <paramref name="perRound"/>. Returns whether the last round was quiet.
    /// </summary>
    private static bool RunRounds(Action<int, TimeSpan> iterate, ref int iteration, List<long> perRound, int length, TimeSpan duration, int maxRounds)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            long before = JitActivity.Read().Methods;
            for (int i = 0; i < length; i++)
            {
                iterate(++iteration, duration);
            }

            long compiled = WaitForQuietJit() - before;
            perRound.Add(compiled);
            if (compiled <= QuietRoundMethods)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits until the compiled-method count stops moving for one poll (at most <see cref="MaxQuietWait"/>); returns it.</summary>
    private static long WaitForQuietJit()
    {
        var waited = Stopwatch.StartNew();
        long last = JitActivity.Read().Methods;
        while (waited.Elapsed < MaxQuietWait)
        {
            Thread.Sleep(QuietPoll);
            long now = JitActivity.Read().Methods;
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}

/// <summary>What the JIT stage did: iterations run, methods compiled in each round, whether the last round was quiet, time.</summary>
public readonly record struct JitStageOutcome(int Iterations, IReadOnlyList<long> MethodsPerRound, bool Quiet, TimeSpan Elapsed)
{
    /// <summary>The stage skipped (a count-based cell, or cold measurement on purpose).</summary>
    public static JitStageOutcome Skipped => new(0, [], false, TimeSpan.Zero);

    /// <summary>
    /// The <c>detail</c> column's entry, <c>jit_stage=ITERATIONSit/M1+M2+…m/MSms[/busy]</c> (methods compiled per
    /// round, timed rounds first; <c>busy</c> when the last round still compiled), or null when the stage was skipped.
    /// </summary>
    public string? Detail => Iterations == 0
        ? null
        : FormattableString.Invariant($"jit_stage={Iterations}it/{string.Join('+', MethodsPerRound)}m/{Elapsed.TotalMilliseconds:0}ms{(Quiet ? "" : "/busy")}");
}
