using System.Runtime.InteropServices;

namespace Lwkt.Workloads.Execution;

/// <summary>
/// One workload thread's figures, padded to two cache lines (128 bytes, the adjacent-line prefetcher's pair) with
/// the fields in the middle, so threads writing their own slot never share a line with a neighbour's slot.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct ThreadSlot
{
    /// <summary>Ops the thread completed (written once, when its loop ends).</summary>
    [FieldOffset(64)]
    public long Ops;

    /// <summary>The timestamp at which the thread's body returned.</summary>
    [FieldOffset(72)]
    public long EndTimestamp;
}
