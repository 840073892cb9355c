using Lwkt.Runtime.IoUring;
using Microsoft.Win32.SafeHandles;

namespace Lwkt.Runtime.Messaging;

/// <summary>fsync as a system call message (IORING_OP_FSYNC): flushes the file's data and metadata to its device.</summary>
public sealed class FsyncCall(SafeFileHandle handle) : KernelCall
{
    private HeldFile _held;

    internal override unsafe void Prepare(Sqe* sqe, KernelTimespec* scratch)
    {
        sqe->Opcode = IoUringOp.Fsync;
        sqe->Fd = _held.Hold(handle);
    }

    private protected override long RunBlocking()
    {
        int fd = _held.Hold(handle);
        int r;
        while ((r = Kernel.FSync(fd)) == -Kernel.Eintr)
        {
        }

        return r;
    }

    private protected override void ReleaseResources() => _held.Release();
}
