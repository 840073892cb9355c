using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// A positioned transfer between one file and one buffer as a system call message (pread/pwrite; IORING_OP_READ and
/// IORING_OP_WRITE): the handle held and the buffer pinned from <see cref="Prepare"/> (or the blocking call) until the
/// call completes; <see cref="Message.Result"/> is the number of bytes moved. The subclasses say which direction.
/// </summary>
public abstract class PositionedFileCall : KernelCall
{
    private readonly SafeFileHandle _handle;
    private readonly Memory<byte> _buffer;
    private readonly long _fileOffset;
    private HeldFile _held;

    private protected PositionedFileCall(SafeFileHandle handle, Memory<byte> buffer, long fileOffset)
    {
        _handle = handle;
        _buffer = buffer;
        _fileOffset = fileOffset;
    }

    /// <summary>The ring's opcode for this direction.</summary>
    private protected abstract IoUringOp Opcode { get; }

    /// <summary>The blocking system call for this direction (pread or pwrite): bytes moved or -errno.</summary>
    private protected abstract unsafe long Transfer(int fd, byte* buffer, nuint count, long fileOffset);

    internal sealed override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = Opcode;
        sqe->Fd = _held.Hold(_handle);
        sqe->Addr = (ulong)_held.Pin(_buffer);
        sqe->Len = (uint)_buffer.Length;
        sqe->Off = (ulong)_fileOffset;
    }

    private protected sealed override unsafe long RunBlocking()
    {
        int fd = _held.Hold(_handle);
        byte* p = _held.Pin(_buffer);
        long n;
        while ((n = Transfer(fd, p, (nuint)_buffer.Length, _fileOffset)) == -Kernel.Eintr)
        {
        }

        return n;
    }

    private protected sealed override void ReleaseResources() => _held.Release();
}
