using Lwkt.Baselines.Futexes;
using Lwkt.Baselines.Native;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>os-futex</c>: what a systems programmer writes on Linux. One OS thread per workload thread; a spin-then-
/// futex mutex (Drepper's three states, glibc's bounded adaptive spin), a futex reader/writer lock (Rust std's
/// algorithm), futex wait/wake on a sequence word, a futex-woken queue and futex-word reply completions, all on
/// the real <c>futex(2)</c> system call with private operations. Refuses to start off Linux x86_64/arm64.
/// </summary>
public sealed class OsFutexWorkloadRuntime : OsThreadWorkloadRuntime
{
    private readonly FutexCounts _atCreation;

    /// <summary>Creates the runtime; throws <see cref="PlatformNotSupportedException"/> where there is no futex(2).</summary>
    public OsFutexWorkloadRuntime(int cores)
        : base(cores)
    {
        Futex.ThrowIfNotSupported();
        _atCreation = FutexCounters.Read();
    }

    /// <inheritdoc/>
    public override string Name => "os-futex";

    /// <inheritdoc/>
    protected override string Family
        => "futex(2) via syscall(2), private ops: 3-state spin-then-futex mutex, futex rwlock, futex sequence event, "
        + "futex-woken queue, futex reply; counters = futex system calls of the whole process";

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new OsRtLock(name, new FutexMutex());

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new OsRtRwLock(new FutexRwLock());

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new OsRtEvent(new FutexSequence());

    /// <inheritdoc/>
    public override RtPort CreatePort() => new OsRtPort(new FutexQueue<OsRtMessage>(), static () => new FutexCompletion());

    /// <summary>FUTEX_WAIT and FUTEX_WAKE system calls entered since this runtime was created (by any code in the process).</summary>
    public override void ReadCounters(RuntimeCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        FutexCounts counts = FutexCounters.Read() - _atCreation;
        counters.Report("FutexWaits", counts.Waits);
        counters.Report("FutexWakes", counts.Wakes);
    }
}
