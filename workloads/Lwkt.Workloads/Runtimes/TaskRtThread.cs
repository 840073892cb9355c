using Lwkt.Workloads.Abstractions;

namespace Lwkt.Workloads.Runtimes;

/// <summary>A tpl-async thread: a task on the thread pool; joining awaits it (and rethrows its exception).</summary>
internal sealed class TaskRtThread(Task task) : RtThread
{
    /// <inheritdoc/>
    public override ValueTask JoinAsync() => new(task);
}
