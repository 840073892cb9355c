using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>pread as a system call message (IORING_OP_READ): <see cref="Message.Result"/> is the number of bytes read.</summary>
public sealed class FileReadCall(SafeFileHandle handle, Memory<byte> buffer, long fileOffset)
    : PositionedFileCall(handle, buffer, fileOffset)
{
    private protected override IoUringOp Opcode => IoUringOp.Read;

    private protected override unsafe long Transfer(int fd, byte* buffer, nuint count, long fileOffset)
        => Kernel.PRead(fd, buffer, count, fileOffset);
}
