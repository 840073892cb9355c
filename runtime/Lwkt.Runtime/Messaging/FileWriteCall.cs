using System.Runtime.InteropServices;
using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// pwrite as a system call message (IORING_OP_WRITE): <see cref="Message.Result"/> is the number of bytes written,
/// which may be short (<see cref="SysPort.WriteAsync"/> writes the rest).
/// </summary>
public sealed class FileWriteCall(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset) : KernelCall
{
    private HeldFile _held;

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = IoUringOp.Write;
        sqe->Fd = _held.Hold(handle);
        sqe->Addr = (ulong)_held.Pin(MemoryMarshal.AsMemory(buffer));
        sqe->Len = (uint)buffer.Length;
        sqe->Off = (ulong)fileOffset;
    }

    private protected override unsafe long RunBlocking()
    {
        int fd = _held.Hold(handle);
        byte* p = _held.Pin(MemoryMarshal.AsMemory(buffer));
        long n;
        while ((n = Kernel.PWrite(fd, p, (nuint)buffer.Length, fileOffset)) == -Kernel.Eintr)
        {
        }

        return n;
    }

    private protected override void ReleaseResources() => _held.Release();
}
