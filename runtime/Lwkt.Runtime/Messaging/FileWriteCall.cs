using System.Runtime.InteropServices;
using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>
/// pwrite as a system call message (IORING_OP_WRITE): <see cref="Message.Result"/> is the number of bytes written,
/// which may be short (<see cref="SysPort.WriteAsync"/> writes the rest). The buffer is only read.
/// </summary>
public sealed class FileWriteCall(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long fileOffset)
    : PositionedFileCall(handle, MemoryMarshal.AsMemory(buffer), fileOffset)
{
    private protected override IoUringOp Opcode => IoUringOp.Write;

    private protected override unsafe long Transfer(int fd, byte* buffer, nuint count, long fileOffset)
        => Kernel.PWrite(fd, buffer, count, fileOffset);
}
