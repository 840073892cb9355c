using System.Runtime.InteropServices;

namespace Lwkt.Baselines;

/// <summary>
/// An <see cref="int"/> with a full <see cref="CacheLine.Size"/> of padding on each side, for the state word
/// of a spinning lock held in a managed object: whatever the GC places before or after the object, no other
/// hot word lands in the value's line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLine.Size + sizeof(int))]
internal struct PaddedInt32
{
    /// <summary>The padded value.</summary>
    [FieldOffset(CacheLine.Size)]
    public int Value;
}
