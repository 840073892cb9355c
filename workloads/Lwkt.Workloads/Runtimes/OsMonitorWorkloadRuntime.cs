using Lwkt.Baselines.Monitors;
using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// <c>os-monitor</c>: what most .NET code writes. One OS thread per workload thread; <see cref="Monitor"/>
/// (<c>lock</c>), <see cref="ReaderWriterLockSlim"/>, Monitor.Wait/PulseAll on a sequence, and a Monitor-guarded
/// queue whose calls wait on a per-message Monitor completion.
/// </summary>
public sealed class OsMonitorWorkloadRuntime(int cores) : OsThreadWorkloadRuntime(cores)
{
    /// <inheritdoc/>
    public override string Name => "os-monitor";

    /// <inheritdoc/>
    protected override string Family
        => "Monitor lock, ReaderWriterLockSlim, Monitor.Wait/PulseAll event, Monitor-guarded queue, Monitor reply";

    /// <inheritdoc/>
    public override RtLock CreateLock(string name) => new MonitorRtLock(name);

    /// <inheritdoc/>
    public override RtRwLock CreateRwLock(string name) => new RwLockSlimRtRwLock();

    /// <inheritdoc/>
    public override RtEvent CreateEvent() => new OsRtEvent(new MonitorSequence());

    /// <inheritdoc/>
    public override RtPort CreatePort() => new OsRtPort(new MonitorQueue<OsRtMessage>(), static () => new MonitorCompletion());
}
