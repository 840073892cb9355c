using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lwkt.Baselines;

/// <summary>
/// A value with a full <see cref="CacheLine.Size"/> of padding on each side, for the state or sequence word of a
/// spinning primitive held in a managed object: whatever the GC places before or after the object, no other hot word
/// lands in the value's line. <see cref="Value"/> sits at offset <see cref="CacheLine.Size"/>, as a field.
/// </summary>
/// <typeparam name="T">The word (<see cref="int"/> or <see cref="long"/>): unmanaged, so the layout is kept as written.</typeparam>
[StructLayout(LayoutKind.Sequential)]
internal struct Padded<T>
    where T : unmanaged
{
    private Line _before;

    /// <summary>The padded value.</summary>
    public T Value;

    private Line _after;

    /// <summary>One cache line of padding.</summary>
    [InlineArray(CacheLine.Size)]
    private struct Line
    {
        private byte _first;
    }
}
