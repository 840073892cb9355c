using Lwkt.Baselines;

namespace Lwkt.Workloads.Runtimes;

/// <summary>
/// Padding for BCL synchronisation objects, whose fields we cannot pad: an adapter allocates a line-sized
/// array right after the BCL object and keeps it alive in a field, so the next allocation (often the next
/// lock) cannot share the object's last line. The GC compacts in allocation order and never drops a live
/// array, so the gap survives. Our own primitives pad themselves (native lines or padded fields).
/// </summary>
internal static class LinePadding
{
    /// <summary>Allocates one <see cref="CacheLine.Size"/> of padding; call it right after allocating the object to pad.</summary>
    public static byte[] Allocate() => new byte[CacheLine.Size];
}
