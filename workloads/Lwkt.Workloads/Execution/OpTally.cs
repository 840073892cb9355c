using System.Runtime.CompilerServices;
using Lwkt.Workloads.Measurement;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// One workload thread's op loop bookkeeping: the ops it completed and the latency of every 16th (or 64th) op,
/// timed from <see cref="Begin"/> to <see cref="End"/>. Only a sample of ops is timed because a clock read
/// (~20-30 ns) costs about as much as a short op. Caller: the one workload thread it was made for, as a local of
/// its loop; <see cref="Report"/> once, after the loop (the <see cref="Workload"/> rule for
/// <see cref="IterationContext.AddOps"/>). Its methods inline into the loop, which compiles as the locals
/// (<c>ops</c>, <c>start</c>) it replaces did.
/// </summary>
internal struct OpTally
{
    private readonly IterationContext _context;
    private readonly int _thread;
    private readonly long _sampleMask;
    private long _start;

    /// <summary>
    /// Starts the tally of <paramref name="thread"/>; op n is timed when <c>n &amp; sampleMask</c> is 0
    /// (<paramref name="sampleMask"/> 15: every 16th op, the first included; 0: every op).
    /// </summary>
    public OpTally(IterationContext context, int thread, long sampleMask)
    {
        _context = context;
        _thread = thread;
        _sampleMask = sampleMask;
    }

    /// <summary>Ops completed so far: the number of the op in progress.</summary>
    public long Count { get; private set; }

    /// <summary>Whether the op in progress is timed (a monotonic timestamp is never 0).</summary>
    public readonly bool IsTimed => _start != 0;

    /// <summary>Begins op number <see cref="Count"/>: reads the clock if it is one of the timed ops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin() => _start = (Count & _sampleMask) == 0 ? Timestamps.Now() : 0;

    /// <summary>Ends the op: records its latency if it was timed, and counts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void End()
    {
        if (_start != 0)
        {
            _context.RecordLatencySince(_thread, _start);
        }

        Count++;
    }

    /// <summary>Adds the thread's ops to the iteration's counts; once, after its loop.</summary>
    public readonly void Report() => _context.AddOps(_thread, Count);
}
