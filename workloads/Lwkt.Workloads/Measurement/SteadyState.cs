namespace Lwkt.Workloads.Measurement;

/// <summary>
/// Decides when a cell's warm-up is over. The child runs warm-up iterations one at a time and feeds each one's
/// throughput and JIT activity here; warm-up ends when the cell is <em>steady</em> — the JIT compiled nothing, or
/// spent under <see cref="QuietJitShare"/> of the time compiling, during the last <see cref="QuietIterations"/>
/// iterations and throughput stopped rising (the last iteration is not more than <see cref="RiseTolerance"/> above
/// the one before) — once at least the minimum has run, or gives up at the cap
/// (the cell is then reported as never steady: its rows say <c>steady=false</c>, and summaries and compare refuse
/// to treat it as a result).
/// </summary>
/// <remarks>
/// <para>Why these signals: with tiered compilation and dynamic PGO a hot method goes tier 0 → instrumented tier →
/// tier 1, each step compiled by the background JIT, and each step makes the iteration faster. While methods are
/// still being compiled or throughput still climbs, the code being measured is not the code a long-running process
/// runs. Tier-up shows as a rise; noise on a busy machine goes both ways, so only a rise delays the end.</para>
/// <para>The JIT count includes background tier-up compiles of any method, so harness code called once per
/// iteration would keep it busy for dozens of iterations: <see cref="JitStage"/> drives that code through both
/// tier-ups before warm-up starts, the timing loop is marked <c>AggressiveOptimization</c> (compiled once, fully
/// optimized, never call-counted), and the count is taken only around the workload threads' run.</para>
/// </remarks>
public sealed class SteadyState
{
    /// <summary>
    /// Consecutive JIT-quiet warm-up iterations required. Two: one quiet iteration can fall between a method's
    /// instrumented-tier compile and its tier-1 compile (the background JIT batches its work).
    /// </summary>
    public const int QuietIterations = 2;

    /// <summary>
    /// The largest rise of ops/s from one warm-up iteration to the next still counted as flat: 5 %. Tier-up steps
    /// measured on the 2-core VM are 40–400 % (yield: 202 → 122 → 45 ns/op); iteration noise there is ±3–10 %.
    /// </summary>
    public const double RiseTolerance = 0.05;

    /// <summary>
    /// The largest share of an iteration's wall time the JIT may spend compiling while the iteration still counts as
    /// quiet: 5 %. After the JIT stage, warm-up iterations of 50 ms still see a late method now and then (lwkt
    /// <c>yield</c> at 2 cores on the quiet 2-core VM: 1 method in 1.9 ms, then 2 in 0.6 ms, 3.7 % and 1.3 %), which a
    /// 1 % rule counted as JIT activity: that cell warmed up for 5 iterations against 2 at 1 core. A tier-up of the
    /// measured loop itself costs 5–100 ms of JIT time, 10–200 % of a 50 ms iteration, so 5 % still tells it apart.
    /// </summary>
    public const double QuietJitShare = 0.05;

    /// <summary>
    /// The default cap on warm-up iterations when the request leaves it open: 60 (3 s of 50 ms iterations). On the quiet
    /// 2-core VM lwkt and tpl-async yield and pingpong at 1 core became steady after 23–28 warm-up iterations; a cap
    /// of 30 left them "never steady" whenever one late background compile fell near the end.
    /// </summary>
    public const int DefaultMaxIterations = 60;

    /// <summary>
    /// The default length of a warm-up iteration: 50 ms, at most the measured length. The JIT needs calls, not time
    /// (30 calls and one background compile per tier), so short warm-up iterations find steady state as soon as long
    /// ones and keep the quick suite's time unchanged.
    /// </summary>
    public static readonly TimeSpan DefaultIterationTime = TimeSpan.FromMilliseconds(50);

    private readonly List<double> _throughput = [];
    private int _quietRun;
    private int _iterations;

    /// <summary>Creates a detector for at least <paramref name="minIterations"/> and at most <paramref name="maxIterations"/> warm-up iterations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative minimum, or a cap below it.</exception>
    public SteadyState(int minIterations, int maxIterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minIterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, minIterations);
        MinIterations = minIterations;
        MaxIterations = maxIterations;
    }

    /// <summary>The fewest warm-up iterations.</summary>
    public int MinIterations { get; }

    /// <summary>The most warm-up iterations.</summary>
    public int MaxIterations { get; }

    /// <summary>Warm-up iterations seen so far (disturbed ones included).</summary>
    public int Iterations => _iterations;

    /// <summary>Whether the last iterations seen satisfy the steady rule (at any count).</summary>
    public bool Steady { get; private set; }

    /// <summary>Whether warm-up is over: steady after the minimum, or the cap reached.</summary>
    public bool Done => Iterations >= MaxIterations || (Iterations >= MinIterations && Steady);

    /// <summary>
    /// Whether warm-up needs no iteration at all: a request for 0 warm-up iterations and a cap of 0 measures from a
    /// cold start on purpose (the cell is then not steady).
    /// </summary>
    public bool Skipped => MaxIterations == 0;

    /// <summary>
    /// Records one warm-up iteration: its ops/s, the methods the JIT compiled while it ran and, where known, the share
    /// of its wall time the JIT spent compiling. The iteration is quiet when nothing was compiled, or when the JIT's
    /// share stayed under <see cref="QuietJitShare"/>. The throughput of a <paramref name="disturbed"/> iteration (other
    /// work took the cell's CPUs, <see cref="Disturbance"/>) says nothing about the code: it is not compared, and counts
    /// as no rise; its JIT activity counts as any other's. On a machine busy for good, warm-up thus ends once the JIT
    /// is quiet, and the measured iterations say they were disturbed.
    /// </summary>
    public void Add(double opsPerSecond, long jitMethods, double? jitTimeShare = null, bool disturbed = false)
    {
        _iterations++;
        bool quiet = jitMethods == 0 || jitTimeShare < QuietJitShare;
        _quietRun = quiet ? _quietRun + 1 : 0;
        bool flat = disturbed;
        if (!disturbed)
        {
            _throughput.Add(opsPerSecond);
            flat = _throughput.Count >= 2 && _throughput[^1] <= _throughput[^2] * (1 + RiseTolerance);
        }

        Steady = _quietRun >= QuietIterations && flat;
    }
}
