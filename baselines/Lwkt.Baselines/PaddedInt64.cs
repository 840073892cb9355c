using System.Runtime.InteropServices;

namespace Lwkt.Baselines;

/// <summary>
/// A <see cref="long"/> with a full <see cref="CacheLine.Size"/> of padding on each side, for the sequence word
/// of a spinning event held in a managed object: whatever the GC places before or after the object, no other
/// hot word lands in the value's line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLine.Size + sizeof(long))]
internal struct PaddedInt64
{
    /// <summary>The padded value.</summary>
    [FieldOffset(CacheLine.Size)]
    public long Value;
}
