using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// What an in-flight file call holds: a reference on its handle (so a concurrent Dispose cannot close the descriptor
/// under the kernel) and, for reads and writes, the pinned buffer. Acquired when the call is prepared or started,
/// released exactly once when it completes.
/// </summary>
internal struct HeldFile
{
    private SafeFileHandle? _held;
    private MemoryHandle _pin;

    /// <summary>Takes a reference on <paramref name="handle"/> and returns its descriptor.</summary>
    public int Hold(SafeFileHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        _held = handle;
        return (int)handle.DangerousGetHandle();
    }

    /// <summary>Pins <paramref name="buffer"/> until <see cref="Release"/>; returns its address.</summary>
    public unsafe byte* Pin(Memory<byte> buffer)
    {
        _pin = buffer.Pin();
        return (byte*)_pin.Pointer;
    }

    public void Release()
    {
        _pin.Dispose();
        _pin = default;
        _held?.DangerousRelease();
        _held = null;
    }
}
