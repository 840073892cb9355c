using System.Runtime.InteropServices;

namespace Lwkt.Workloads.Catalog;

/// <summary>A per-thread counter padded to 128 bytes so neighbouring threads' counters never share a cache line.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    /// <summary>The value, written only by its own thread during the run and read after it.</summary>
    [FieldOffset(64)]
    public long Value;

    /// <summary>A second value of the same thread (e.g. a sum beside a count).</summary>
    [FieldOffset(72)]
    public long Other;
}
