using Lwkt.Baselines.Monitors;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>os-lock</c>: the .NET 9+ <see cref="System.Threading.Lock"/>. One OS thread per workload thread; Lock for
/// exclusive locks; <see cref="ReaderWriterLockSlim"/> and Monitor.Wait/PulseAll events as os-monitor (Lock has
/// no condition variable); a Lock-guarded queue whose consumers sleep on an event; Monitor reply completions.
/// </summary>
public sealed class OsLockWorkloadRuntime(int cores) : OsThreadWorkloadRuntime(cores)
{
    /// <inheritdoc/>
    public override string Name => "os-lock";

    /// <inheritdoc/>
    protected override string Family
        => "System.Threading.Lock, ReaderWriterLockSlim, Monitor.Wait/PulseAll event, Lock-guarded queue + event, Monitor reply";

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new LockRtLock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new RwLockSlimRtRwLock();

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new OsRtEvent(new MonitorSequence());

    /// <inheritdoc/>
    public override RtPort CreatePort() => new OsRtPort(new LockQueue<OsRtMessage>(), static () => new MonitorCompletion());
}
