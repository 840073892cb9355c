namespace Lwkt.Harness.Running;

/// <summary>Everything a run does, resolved from the suite and the options: the cells and how to run each.</summary>
public sealed record RunPlan
{
    /// <summary>The suite's name (<c>quick</c>, <c>full</c> or a file's name).</summary>
    public required string SuiteName { get; init; }

    /// <summary>The cells of this run (this shard's, when sharded), in run order.</summary>
    public required IReadOnlyList<PlannedCell> Cells { get; init; }

    /// <summary>How many cells the unsharded matrix has.</summary>
    public required int MatrixCells { get; init; }

    /// <summary>Measured time per iteration.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The fewest warm-up iterations per cell (warm-up goes on until the cell is steady).</summary>
    public required int Warmup { get; init; }

    /// <summary>
    /// The most warm-up iterations per cell; null: the host's default. 0 with <see cref="Warmup"/> 0 measures cold:
    /// no warm-up and no steady-state check (rows leave <c>steady</c> empty).
    /// </summary>
    public int? WarmupMax { get; init; }

    /// <summary>Measured iterations per child process.</summary>
    public required int Iterations { get; init; }

    /// <summary>
    /// Child processes per cell (<c>--launches</c>), interleaved over the run (every cell's first launch, then every
    /// cell's second, …); each warms up on its own and measures
    /// <see cref="Iterations"/>. A process's JIT decisions and memory layout are fixed for its life, so launch-to-launch
    /// differences only show across launches (BenchmarkDotNet's LaunchCount).
    /// </summary>
    public int Launches { get; init; } = 1;

    /// <summary>
    /// The per-cell limit: a child that has not finished by then is killed (<c>status=timeout</c>); with
    /// <see cref="TimeoutPerIteration"/>, a child that has not reported an iteration for that long.
    /// </summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>
    /// Whether every iteration the child reports starts <see cref="Timeout"/> anew: true for the default timeout, which
    /// is estimated from <c>--duration</c> and would kill a cell whose iterations are set by a count instead
    /// (<c>spawn count=1000000</c>: 2.3 s an iteration, 20 warm-ups before it settled, killed at 60 s), while a child
    /// that stops reporting is still killed. An explicit <c>--timeout</c> limits the whole cell.
    /// </summary>
    public bool TimeoutPerIteration { get; init; }

    /// <summary>The seed sent to every cell.</summary>
    public required int Seed { get; init; }

    /// <summary>The trace profile.</summary>
    public required TraceProfile Trace { get; init; }

    /// <summary>The part of each child that is traced (<c>--trace-window</c>); the whole child unless asked.</summary>
    public Tracing.TraceWindow TraceWindow { get; init; } = Tracing.TraceWindow.Whole;

    /// <summary>The shard (1-based index, count), or null when the run is not sharded.</summary>
    public (int Index, int Count)? Shard { get; init; }

    /// <summary>How a cell is warmed, for the run's first line: <c>JIT stage + ≥1 warm-up</c>, or <c>cold (no warm-up)</c>.</summary>
    public string WarmupText => WarmupMax == 0 ? "cold (no warm-up)" : $"JIT stage + ≥{Warmup} warm-up";

    /// <summary>Rough time one cell takes: child start plus its iterations (for the ETA before any cell finished).</summary>
    /// <remarks>
    /// A steady cell's child spends about 1.45 s starting and in its JIT stage: the quiet 2-core VM ran the quick suite's
    /// 156 cells in 328 s, 2.1 s a cell, of which 0.48 s measured and 0.15 s warm-up. A cell measured cold
    /// (<c>--warmup-max 0</c>) has no JIT stage and starts in about 0.25 s. Warm-up iterations are shorter (at most
    /// 50 ms) and usually end within a few iterations of the minimum.
    /// </remarks>
    /// <remarks>Per child process (one launch of a cell).</remarks>
    public TimeSpan EstimatedCellTime =>
        TimeSpan.FromMilliseconds(WarmupMax == 0 ? 250 : 1450)
        + (TimeSpan.FromMilliseconds(Math.Min(Duration.TotalMilliseconds, 50)) * (Warmup + 2)) + (Duration * Iterations);
}
