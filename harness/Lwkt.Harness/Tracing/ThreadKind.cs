namespace Lwkt.Harness.Tracing;

/// <summary>
/// What an OS thread of a traced child is, told from its sampled stacks (EventPipe records no thread names): the
/// frames near the root of every stack are the thread's entry point.
/// </summary>
public enum ThreadKind
{
    /// <summary>A virtual CPU's worker (<c>Lwkt.Runtime.VirtualCpu.WorkerMain</c> on the stack): runs LWKT threads.</summary>
    LwktWorker,

    /// <summary>A sysport thread (<c>Lwkt.Runtime.Messaging.SysPortThreads+Server.Serve</c>, the fallback backend without io_uring): runs blocking system calls for LWKT.</summary>
    SysPort,

    /// <summary>A thread of an OS-thread baseline runtime (the body lambda of <c>Lwkt.Workloads.Runtimes.OsThreads.Start</c>): runs one workload thread.</summary>
    OsThread,

    /// <summary>Anything else: the host's main thread, the stop timer, the thread pool, the runtime's own threads.</summary>
    Other,
}

/// <summary>Names and classification of <see cref="ThreadKind"/>.</summary>
public static class ThreadKinds
{
    /// <summary>Every kind, in report order.</summary>
    public static IReadOnlyList<ThreadKind> All { get; } = [ThreadKind.LwktWorker, ThreadKind.SysPort, ThreadKind.OsThread, ThreadKind.Other];

    /// <summary>The kind's name in reports and JSON.</summary>
    public static string Name(ThreadKind kind) => kind switch
    {
        ThreadKind.LwktWorker => "lwkt-worker",
        ThreadKind.SysPort => "sysport",
        ThreadKind.OsThread => "os-thread",
        _ => "other",
    };

    /// <summary>
    /// The kind a frame marks, or null when the frame says nothing. Only thread entry points mark: the main thread
    /// also calls into <c>VirtualCpu</c> and <c>OsThreads</c> (to start and join), and a frame of the workload or of
    /// the BCL runs on every kind. <paramref name="frame"/> is a name from <see cref="FrameNames"/>.
    /// </summary>
    public static ThreadKind? Marked(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame switch
        {
            "Lwkt.Runtime.VirtualCpu.WorkerMain" => ThreadKind.LwktWorker,
            _ when frame.StartsWith("Lwkt.Runtime.Messaging.SysPortThreads", StringComparison.Ordinal)
                && frame.EndsWith(".Serve", StringComparison.Ordinal) => ThreadKind.SysPort,
            _ when frame.StartsWith("Lwkt.Workloads.Runtimes.OsThreads+", StringComparison.Ordinal)
                && frame.Contains(".<Start>b__", StringComparison.Ordinal) => ThreadKind.OsThread,
            _ => null,
        };
    }
}
