using System.Globalization;
using System.Runtime.CompilerServices;
using Lwkt.Workloads.Abstractions;
using Lwkt.Workloads.Measurement;
using Lwkt.Workloads.Torture;

namespace Lwkt.Workloads;

/// <summary>
/// Test-only switch (<see cref="Variable"/> = <c>workload[/runtime]:factor[,…]</c>, e.g. <c>counter:1.3</c>) that
/// makes the exclusive lock deliberately slower in the matching cells, so CI can prove that a base/change pair with a
/// real regression fails <c>lwkt-bench compare --fail-on-regression</c> (<c>ci/ab-compare.sh</c> sets it on the
/// change side only). Nothing else reads it; without it <see cref="CellRunner"/> runs the runtime unwrapped.
/// </summary>
/// <remarks>
/// Before the cell's first iteration <see cref="CellRunner"/> calls <see cref="Calibrate"/>: unreported
/// iterations at full speed give the cost of one op. Every later exclusive release spends <c>(factor - 1)</c> × that
/// cost of <see cref="CpuWork"/> inside the critical section, before the real release. Where the lock serialises the
/// cell (one core, or a contended lock) and an op releases one lock, ops/s drops by about the factor; where locks run
/// in parallel (private locks on several cores) by less; on a loaded machine the cost seen while calibrating is
/// inflated, and so is the slowdown. It is a switch for proving that a regression fails, not a measuring tool. A workload that
/// takes no exclusive lock (<see cref="WorkloadRuntime.CreateLock"/>) fails with an <see cref="ArgumentException"/>
/// rather than silently run at full speed. Reader/writer locks, events and ports are untouched.
/// </remarks>
internal sealed class TestSlowdown : DelegatingWorkloadRuntime
{
    /// <summary>The environment variable the child process reads.</summary>
    public const string Variable = "LWKT_TEST_SLOWDOWN";

    /// <summary>Measuring calibration iterations (after one warm-up); the fastest counts.</summary>
    private const int CalibrationRuns = 2;

    private readonly double _factor;
    private long _releases;
    private long _extraNs = -1;
    private bool _calibrating;

    private TestSlowdown(WorkloadRuntime inner, double factor)
        : base(inner)
    {
        _factor = factor;
    }

    /// <summary>The factor from <see cref="Variable"/> for this cell.</summary>
    public double Factor => _factor;

    /// <summary>
    /// <paramref name="runtime"/> wrapped when <see cref="Variable"/> names this cell's workload (and runtime, if
    /// given), otherwise <paramref name="runtime"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException">The variable is malformed or a factor is not a number ≥ 1.</exception>
    public static WorkloadRuntime Apply(WorkloadRuntime runtime, string workload, string runtimeName)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        double? factor;
        try
        {
            factor = FactorFor(Environment.GetEnvironmentVariable(Variable), workload, runtimeName);
        }
        catch (ArgumentException)
        {
            runtime.Dispose();
            throw;
        }

        return factor is { } f ? new TestSlowdown(runtime, f) : runtime;
    }

    /// <summary>The factor <paramref name="text"/> sets for a cell, or null when no entry matches it.</summary>
    /// <exception cref="ArgumentException">A malformed entry or a factor that is not a finite number ≥ 1.</exception>
    public static double? FactorFor(string? text, string workload, string runtimeName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        double? found = null;
        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = entry.LastIndexOf(':');
            if (colon <= 0
                || !double.TryParse(entry.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double factor)
                || !double.IsFinite(factor)
                || factor < 1)
            {
                throw new ArgumentException($"{Variable}: '{entry}' is not workload[/runtime]:factor with a factor ≥ 1 (e.g. counter:1.3)");
            }

            string[] target = entry[..colon].Split('/', 2);
            bool matches = string.Equals(target[0], workload, StringComparison.OrdinalIgnoreCase)
                && (target.Length == 1 || string.Equals(target[1], runtimeName, StringComparison.OrdinalIgnoreCase));
            found ??= matches ? factor : null;
        }

        return found;
    }

    /// <summary>True until <see cref="Calibrate"/> has set the extra work, and false while it runs (its iterations).</summary>
    public bool NeedsCalibration => !_calibrating && Volatile.Read(ref _extraNs) < 0;

    /// <summary>
    /// Runs <paramref name="iteration"/> (on the calling thread, the runner's) at full speed: once to warm the JIT and
    /// the runtime up, then <see cref="CalibrationRuns"/> times measuring the cost of an op, and sets the extra work
    /// per release to <c>(factor - 1)</c> × that cost. The cost is the smallest wall ns per op or CPU ns per op seen:
    /// wall time inflates when other processes take the CPU, CPU time when several cores work (or spin) at once.
    /// </summary>
    /// <exception cref="ArgumentException">The workload released no exclusive lock, so it cannot be slowed down.</exception>
    public void Calibrate(Func<IterationResult> iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        double nsPerOp = double.PositiveInfinity;
        _calibrating = true;
        try
        {
            iteration();
            Interlocked.Exchange(ref _releases, 0);
            for (int i = 0; i < CalibrationRuns; i++)
            {
                IterationResult measured = iteration();
                double wall = measured[Metric.NsPerOp] ?? double.PositiveInfinity;
                double cpu = measured[Metric.CpuNsPerOp] is > 0 and double c ? c : double.PositiveInfinity;
                nsPerOp = Math.Min(nsPerOp, Math.Min(wall, cpu));
            }
        }
        finally
        {
            _calibrating = false;
        }

        if (Interlocked.Read(ref _releases) == 0)
        {
            throw new ArgumentException($"{Variable}: this workload released no exclusive lock, so it cannot be slowed down");
        }

        Volatile.Write(ref _extraNs, double.IsFinite(nsPerOp) ? Math.Max(0, (long)((_factor - 1) * nsPerOp)) : 0);
    }

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new SlowLock(this, Inner.CreateLock(name));

    /// <inheritdoc/>
    public override async ValueTask AcquireAllAsync(RtLock[] locks, int count) => await Inner.AcquireAllAsync(Unwrap(locks, count), count);

    /// <inheritdoc/>
    public override void ReleaseAll(RtLock[] locks, int count)
    {
        Stall();
        Inner.ReleaseAll(Unwrap(locks, count), count);
    }

    /// <summary>
    /// Counts the release until calibrated, afterwards spends the extra work (the caller holds the lock). Never
    /// inlined, so a sampled stack names it: <c>trace diff</c> must be able to point at the planted slowdown (with
    /// dynamic PGO the JIT would otherwise inline it, through a guarded devirtualised <c>Release</c>, into the workload).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Stall()
    {
        long extra = Volatile.Read(ref _extraNs);
        if (extra < 0)
        {
            Interlocked.Increment(ref _releases);
        }
        else
        {
            CpuWork.Spin(extra);
        }
    }

    /// <summary>The inner runtime's locks, for its own lock-set operations (which cast to their lock type).</summary>
    private static RtLock[] Unwrap(RtLock[] locks, int count)
    {
        var inner = new RtLock[count];
        for (int i = 0; i < count; i++)
        {
            inner[i] = ((SlowLock)locks[i]).Inner;
        }

        return inner;
    }

    /// <summary>An inner lock whose release first spends the owner's extra work (lock sets reach the inner runtime unwrapped, sorted by the inner ids).</summary>
    private sealed class SlowLock(TestSlowdown owner, RtLock inner) : RtLock(inner.Name)
    {
        public RtLock Inner { get; } = inner;

        public override ValueTask AcquireAsync() => Inner.AcquireAsync();

        public override bool TryAcquire() => Inner.TryAcquire();

        public override void Release()
        {
            owner.Stall();
            Inner.Release();
        }
    }
}
