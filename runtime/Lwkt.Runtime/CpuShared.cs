using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Lwkt.Runtime;

/// <summary>
/// The part of a <see cref="VirtualCpu"/> that other CPUs and OS threads may touch (Tokio: a worker's <c>Shared</c>
/// half, against its <c>Core</c>, here <see cref="CpuCore"/>): what they read to choose a CPU, what they write to
/// reach it. Everything else of a virtual CPU is its worker's alone.
/// </summary>
/// <remarks>
/// Each group of fields sits on its own 128-byte slot (a cache line and the adjacent line a 128-byte prefetcher pulls
/// with it), with a slot of padding before the first, so that the owner's writes to its <see cref="CpuCore"/> never
/// invalidate a line another CPU reads, and the words written from outside never share a line with the owner's:
/// <list type="bullet">
/// <item>the references set at construction and the CPU's index (read by every sender, written never);</item>
/// <item>the idle state (written by the owner at idle transitions, spun on by idle CPUs deciding whether to spin);</item>
/// <item>the run queue length and the exit flag (written by the owner, read by others as hints);</item>
/// <item>the work request flag (set by the owner, cleared by the CPU that answers the request).</item>
/// </list>
/// Explicit layout, because the runtime reorders the fields of a struct that holds references.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 5 * 128)]
internal struct CpuShared
{
    /// <summary>This CPU's doorbell: senders ring it, the idle loop parks on it (lwkt: gd_npoll, RQF_IPIQ).</summary>
    [FieldOffset(128)]
    public readonly Doorbell Doorbell;

    /// <summary>
    /// Incoming rings, indexed by source CPU (lwkt: globaldata_find(src)->gd_ipiq[mycpuid]); each slot written once,
    /// by its source, when it opens the ring (a release write the owner reads with acquire).
    /// </summary>
    [FieldOffset(136)]
    public readonly IpiQueue?[] Incoming;

    /// <summary>Requests from OS threads outside the runtime (foreign task completions, spawns, wakeups).</summary>
    [FieldOffset(144)]
    public readonly ConcurrentQueue<VirtualCpu.IpiRequest> External;

    /// <summary>This CPU's index (lwkt: gd_cpuid), read by every sender.</summary>
    [FieldOffset(152)]
    public readonly int Id;

    /// <summary>
    /// The runtime, for readers on other CPUs (<see cref="VirtualCpu.Runtime"/>: a waker compares it with its own). The
    /// object's own reference to it lies on the line that starts the owner's <see cref="CpuCore"/>, which the owner
    /// writes at every switch (the running thread): a waker reading it there pulled that line at every cross-CPU hop.
    /// </summary>
    [FieldOffset(160)]
    public readonly LwktRuntime Runtime;

    /// <summary>Busy, Spinning or Resting (VirtualCpu.Idle.cs); written by the owner only.</summary>
    [FieldOffset(256)]
    public int IdleState;

    /// <summary>
    /// Threads on the owner's run queue that a work request may move (neither pinned nor wake-affine); written by the
    /// owner, read by others as a hint.
    /// </summary>
    [FieldOffset(384)]
    public int MovableCount;

    /// <summary>1 once the owner's worker has left its loop at shutdown.</summary>
    [FieldOffset(388)]
    public int Exited;

    /// <summary>1 while the owner's work request has not been answered; set by the owner, cleared by the answering CPU.</summary>
    [FieldOffset(512)]
    public int AwaitingWork;

    public CpuShared(LwktRuntime runtime, int id, int cpuCount)
    {
        Runtime = runtime;
        Id = id;
        Doorbell = new Doorbell();
        Incoming = new IpiQueue?[cpuCount];
        External = new ConcurrentQueue<VirtualCpu.IpiRequest>();
    }
}
