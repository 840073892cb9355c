using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>pread as a system call message (IORING_OP_READ): <see cref="Message.Result"/> is the number of bytes read.</summary>
public sealed class FileReadCall(SafeFileHandle handle, Memory<byte> buffer, long fileOffset) : KernelCall
{
    private HeldFile _held;

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = IoUringOp.Read;
        sqe->Fd = _held.Hold(handle);
        sqe->Addr = (ulong)_held.Pin(buffer);
        sqe->Len = (uint)buffer.Length;
        sqe->Off = (ulong)fileOffset;
    }

    private protected override unsafe long RunBlocking()
    {
        int fd = _held.Hold(handle);
        byte* p = _held.Pin(buffer);
        long n;
        while ((n = Kernel.PRead(fd, p, (nuint)buffer.Length, fileOffset)) == -Kernel.Eintr)
        {
        }

        return n;
    }

    private protected override void ReleaseResources() => _held.Release();
}
